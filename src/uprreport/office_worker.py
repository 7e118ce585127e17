"""Run by a Python that has LibreOffice's ``uno`` module (LibreOffice's own on Windows and
macOS, the system's with python3-uno on Linux), never imported by uprreport: it starts a
private headless LibreOffice listening on a named pipe, connects to it, then converts one
document per line of standard input and answers on standard output, one JSON line each:

    {"src": "/abs/in.docx", "out": "/abs/out.pdf", "filter": "writer_pdf_Export"}
    -> {"ok": true}   or   {"ok": false, "error": "..."}

The first line it writes is {"started": PID} once LibreOffice's process exists (so that the
caller can end its process group whatever happens next), then {"ready": true, "pid": PID},
or {"ok": false, "error": "..."} when LibreOffice would not start (with "no_uno" when this
Python has no uno). What LibreOffice prints goes to office.log beside PROFILE_DIR, where the
caller reads it when the start failed. It ends, closing LibreOffice, when standard input
closes. office.py drives it.
Usage: python office_worker.py SOFFICE PROFILE_DIR PIPE_NAME [START_TIMEOUT [SEED_DIR]]. PROFILE_DIR's
folder is the worker's own: it removes it when it ends (so the caller need not wait for that).
"""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

uno = PropertyValue = None   # imported in main(), once LibreOffice is starting


def start_office(soffice, profile, pipe):
    """Start LibreOffice listening on ``pipe``. It starts before uno is imported: nothing
    that LibreOffice's start need not wait for comes before it."""
    with open(os.path.join(os.path.dirname(os.path.abspath(profile)), "office.log"), "wb") as log:
        return subprocess.Popen(
            [soffice, "--headless", "--invisible", "--nocrashreport", "--nodefault", "--nologo",
             "--nofirststartwizard", "--norestore", "--nolockcheck",
             "-env:UserInstallation=" + Path(profile).absolute().as_uri(),
             "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            # a group of its own (a new console group on Windows), so that it can be ended whole:
            # soffice is a launcher that starts soffice.bin
            start_new_session=os.name != "nt",
            creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0))


def end_office(office):
    """End LibreOffice's whole process group (the launcher and soffice.bin)."""
    if os.name == "nt":
        subprocess.run(["taskkill", "/T", "/F", "/PID", str(office.pid)], capture_output=True)
    else:
        import signal

        try:
            os.killpg(office.pid, signal.SIGKILL)
        except OSError:
            pass
    office.wait()


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def say(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    soffice, profile, pipe = sys.argv[1:4]
    limit = float(sys.argv[4]) if len(sys.argv) > 4 else 60.0
    seed = sys.argv[5] if len(sys.argv) > 5 else ""
    if seed and os.path.isdir(os.path.join(seed, "user")) and not os.path.exists(profile):
        try:   # a profile LibreOffice made before: it need not make one
            shutil.copytree(seed, profile)
        except OSError:
            shutil.rmtree(profile, ignore_errors=True)
    try:
        office = start_office(soffice, profile, pipe)
    except OSError as exc:   # not a program this system can run
        say({"ok": False, "error": "it could not be run (%s)" % (exc.strerror or exc)})
        return
    say({"started": office.pid})
    try:
        global uno, PropertyValue
        import uno  # LibreOffice's Python bridge
        from com.sun.star.beans import PropertyValue
        from com.sun.star.connection import NoConnectException
    except ImportError as exc:   # not a Python with uno: office.py tries the next one
        end_office(office)
        shutil.rmtree(os.path.dirname(os.path.abspath(profile)), ignore_errors=True)
        say({"ok": False, "no_uno": True, "error": str(exc)})
        return
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    url = "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe
    context = None
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and office.poll() is None:
        try:
            context = resolver.resolve(url)
            break
        except NoConnectException:
            time.sleep(0.01)
    if context is None:
        code = office.poll()
        if code is None:
            end_office(office)
            say({"ok": False, "error": "it did not answer within %g s of starting" % limit})
        else:
            say({"ok": False, "exit": code,
                 "error": "it ended with exit status %s before it was ready" % code})
        return
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    say({"ready": True, "pid": office.pid})
    try:
        for line in sys.stdin:
            job = json.loads(line)
            doc = None
            try:
                doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(job["src"]), "_blank", 0,
                                                   (prop("Hidden", True), prop("ReadOnly", True)))
                if doc is None:
                    raise RuntimeError("LibreOffice could not open the file")
                doc.storeToURL(uno.systemPathToFileUrl(job["out"]), (prop("FilterName", job["filter"]),))
                say({"ok": True})
            except Exception as exc:
                if office.poll() is not None:   # LibreOffice itself is gone: say so and end
                    say({"ok": False, "gone": True, "error": "LibreOffice stopped"})
                    return
                say({"ok": False, "error": "%s: %s" % (type(exc).__name__, exc)})   # the document's fault
            finally:
                if doc is not None:
                    try:
                        doc.close(True)
                    except Exception:
                        pass
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            closed = office.wait(timeout=10) == 0
        except subprocess.TimeoutExpired:
            end_office(office)
            closed = False
        if closed and seed:
            keep_seed(profile, seed)
        shutil.rmtree(os.path.dirname(os.path.abspath(profile)), ignore_errors=True)


def keep_seed(profile, seed):
    """Copy the profile LibreOffice made and closed to ``seed``, unless one is there: whole or
    not at all (copied beside it, then renamed; another process may do the same meanwhile)."""
    if os.path.exists(seed) or not os.path.isdir(os.path.join(profile, "user")):
        return
    part = "%s.part-%d" % (seed, os.getpid())
    try:
        shutil.copytree(profile, part)
        os.rename(part, seed)
    except OSError:
        pass
    finally:
        shutil.rmtree(part, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) not in (4, 5, 6):
        sys.exit(__doc__)
    os.environ.setdefault("SAL_USE_VCLPLUGIN", "svp")
    main()
