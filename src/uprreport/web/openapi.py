"""The OpenAPI 3.1 description of the workspace's HTTP API (web/http_api.py), served at
``GET /api/openapi.json``. Written by hand, route by route, beside the views it describes;
tests/web/test_http_api.py holds the two to each other (every route described, nothing
described that is not a route)."""

from __future__ import annotations

from uprreport import __version__

VERSION = "3.1.0"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str, headers: dict | None = None) -> dict:
    out = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        out["headers"] = headers
    return out


def _errors(*statuses: int) -> dict:
    """References to the shared error responses (ERRORS) of ``statuses``."""
    return {str(s): {"$ref": f"#/components/responses/{s}"} for s in statuses}


def _name(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description, "schema": {"type": "string"}}


PROJECT = _name("project", "the project's id (its folder under the workspace)")
BUILD = _name("build", "the build's id (when it was started, e.g. 20260301T101500Z)")
FILE = _name("name", "a file the build made, as its `files` links name it (the .docx or the .pdf)")
ERRORS = {400: "Bad input: the message names the field, or the file, sheet and row",
          401: "No token, or one that is wrong, revoked or whose account was removed",
          403: "The token's account may not do this (a reviewer changes nothing)",
          404: "Nothing here that this token may see (another project's or body's things, or none at all)",
          409: "A build of this project is running, the project exists already, or a file is in use",
          413: "The request is larger than the API takes (60 MB at once, 50 MB a file)",
          422: "The input was read but refused; the diagnostics say why and where",
          429: "Too many calls with this token in a short time; Retry-After says when to call again"}


def _schemas() -> dict:
    string, integer, boolean = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}

    def null(schema: dict) -> dict:
        return {"anyOf": [schema, {"type": "null"}]}

    location = {"type": "object", "description": "where: the request's input (a form field or JSON key), a "
                                                 "file with its sheet, row or line, and the column or key there",
                "properties": {"input": string, "path": string, "sheet": string, "line": integer, "col": integer,
                               "row": integer, "field": string}}
    diagnostic = {"type": "object", "required": ["code", "severity", "location", "message"],
                  "properties": {"code": {"type": "string", "description": "a stable code (`uprreport codes`)"},
                                 "severity": {"type": "string", "enum": ["error", "warning", "info"]},
                                 "location": _ref("Location"), "message": string}}
    error = {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message", "hint"],
        "properties": {"code": string, "message": string, "hint": string, "location": _ref("Location"),
                       "diagnostics": {"type": "array", "items": _ref("Diagnostic")}}}}}
    links = {"type": "object", "description": "addresses of this API",
             "properties": {"project": string, "returns": string, "builds": string}}
    card = {"type": "object", "required": ["id", "links"],
            "properties": {"id": string, "state": null(string), "kind": null(string), "language": null(string),
                           "cycle": null(integer), "session": null(integer), "bodies": integer,
                           "problem": null(string), "body": {"type": "string", "description": "a focal point's body"},
                           "links": _ref("Links")}}
    created = {"type": "object", "required": ["id", "recommendations"],
               "properties": {"id": string, "recommendations": null(integer), "links": _ref("Links")}}
    body = {"type": "object", "required": ["id"],
            "properties": {"id": string, "name": null(string), "lead": boolean,
                           "focal_points": {"type": "array", "items": string}, "problem": null(string)}}
    project = {"type": "object", "required": ["id", "facts", "counts", "bodies"],
               "properties": {"id": string,
                              "facts": null({"type": "object", "additionalProperties": string,
                                             "description": "report.yaml's facts as text (kind, state, iso3, cycle, "
                                                            "wg_session, symbol, …, limits.words, limits.pages)"}),
                              "problem": null(string),
                              "counts": {"type": "object", "properties": {"recommendations": null(integer),
                                                                          "bodies": integer, "builds": integer}},
                              "bodies": {"type": "array", "items": _ref("Body")}, "links": _ref("Links")}}
    taken = {"type": "object", "properties": {
        "body": string, "file": string, "kind": {"type": "string", "enum": ["workbook", "narrative"]},
        "version": integer, "changed": {"type": "array", "items": string, "description": "recommendation ids"},
        "fragments": {"type": "array", "items": string}, "words": integer}}
    collected = {"type": "object", "required": ["taken", "diagnostics", "errors", "warnings"],
                 "properties": {"taken": {"type": "array", "items": _ref("Taken")},
                                "approvals": {"type": "array", "items": {"type": "object"}},
                                "diagnostics": {"type": "array", "items": _ref("Diagnostic")},
                                "errors": integer, "warnings": integer}}
    refused = {"allOf": [_ref("Collected"), _ref("Error")]}
    files = {"type": "object", "required": ["docx", "pdf"],
             "properties": {"docx": null(string), "pdf": null(string)},
             "description": "links to download the build's files, once it is done"}
    summary = {"id": string, "state": {"type": "string", "enum": ["running", "done", "failed"]}, "final": boolean,
               "pdf": boolean, "by": string, "started": string, "finished": null(string), "files": _ref("Files"),
               "url": string}
    brief = {"type": "object", "required": ["id", "state", "files"], "properties": summary}
    build = {"type": "object", "required": ["id", "state", "messages", "files"], "properties": {
        **summary, "messages": {"type": "array", "items": string}, "problems": {"type": "array", "items": {
            "type": "object", "properties": {"severity": string, "where": string, "code": string, "message": string}}},
        "interrupted": boolean, "words": null(integer), "word_limit": null(integer), "pages": null(integer),
        "page_limit": null(integer)}}
    return {"Location": location, "Diagnostic": diagnostic, "Error": error, "Links": links, "ProjectCard": card,
            "Created": created, "Body": body, "Project": project, "Taken": taken, "Collected": collected,
            "ReturnsRefused": refused, "Files": files, "BuildSummary": brief, "Build": build}


def _paths() -> dict:
    multipart = "multipart/form-data"
    public = {"summary": "This description", "operationId": "openapi", "security": [], "tags": ["description"],
              "responses": {"200": _json({"type": "object"}, "The OpenAPI 3.1 document"), **_errors(429)}}
    return {
        "/api/openapi.json": {"get": public},
        "/api/projects": {
            "get": {"summary": "The projects this token may see", "operationId": "listProjects", "tags": ["projects"],
                    "responses": {"200": _json({"type": "object", "required": ["projects"], "properties": {
                        "projects": {"type": "array", "items": _ref("ProjectCard")}}}, "The projects"),
                        **_errors(401, 429)}},
            "post": {"summary": "Start a project from OHCHR's thematic list of recommendations, the Working "
                                "Group's report or a UPR Info export",
                     "description": "A coordinator of every project only. As `uprreport init NAME --kind KIND "
                                    "--from LIST`; every file passes the upload gate.",
                     "operationId": "createProject", "tags": ["projects"],
                     "requestBody": {"required": True, "content": {multipart: {"schema": {
                         "type": "object", "required": ["name", "list"], "properties": {
                             "name": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{1,62}$",
                                      "description": "the project's folder name, e.g. arcadia-2026"},
                             "kind": {"type": "string", "default": "national", "description": "the report kind"},
                             "source": {"type": "string", "enum": ["ohchr", "wgreport", "uprinfo"],
                                        "default": "ohchr", "description": "what `list` is"},
                             "list": {"type": "string", "format": "binary",
                                      "description": "OHCHR's list (.docx), the Working Group's report (.pdf or "
                                                     ".docx) or a UPR Info export (.xlsx, .xls or .csv)"},
                             "addendum": {"type": "string", "format": "binary",
                                          "description": "wgreport: the report's addendum with the positions"},
                             "state": {"type": "string", "description": "uprinfo: the State under review"},
                             "paragraph": {"type": "integer", "minimum": 1, "maximum": 999,
                                           "description": "uprinfo: the Working Group report's paragraph listing "
                                                          "the recommendations (they become 114.1, 114.2 …)"}}}}}},
                     "responses": {"201": _json(_ref("Created"), "The project was started: its id and how many "
                                                "recommendations its register holds",
                                                {"Location": {"schema": {"type": "string"}}}),
                                   **_errors(400, 401, 403, 409, 413, 422, 429)}}},
        "/api/projects/{project}": {
            "parameters": [PROJECT],
            "get": {"summary": "A project: its facts and counts", "operationId": "getProject", "tags": ["projects"],
                    "description": "Coordinators and reviewers (a focal point gets 404, as on the pages).",
                    "responses": {"200": _json(_ref("Project"), "The project"), **_errors(401, 404, 429)}}},
        "/api/projects/{project}/returns": {
            "parameters": [PROJECT],
            "post": {"summary": "Send returned files (filled workbooks, Word files; e-mails for coordinators)",
                     "description": "As `uprreport collect`: each file passes the package gate, then is recognised "
                                    "by its pack's id. A focal point's token sends its own body's packs only "
                                    "(another body's file is refused unread).",
                     "operationId": "sendReturns", "tags": ["returns"],
                     "requestBody": {"required": True, "content": {multipart: {"schema": {
                         "type": "object", "required": ["file"], "properties": {
                             "file": {"type": "array", "maxItems": 10, "items": {
                                 "type": "string", "contentMediaType": "application/octet-stream"},
                                 "description": "one or more returned files (.xlsx, .docx; .eml)"},
                             "body": {"type": "string", "description": "take only this body's packs (a focal "
                                                                       "point's own body, always)"}}}}}},
                     "responses": {"200": _json(_ref("Collected"), "What was taken, and the diagnostics"),
                                   "422": _json(_ref("ReturnsRefused"), "A problem stopped a file: what was taken, "
                                                "the located diagnostics, and the error"),
                                   **_errors(400, 401, 403, 404, 409, 413, 429)}}},
        "/api/projects/{project}/builds": {
            "parameters": [PROJECT],
            "get": {"summary": "The project's builds, newest first", "operationId": "listBuilds", "tags": ["builds"],
                    "responses": {"200": _json({"type": "object", "required": ["builds"], "properties": {
                        "builds": {"type": "array", "items": _ref("BuildSummary")}}}, "The builds"),
                        **_errors(401, 404, 429)}},
            "post": {"summary": "Start a build (in the background; one at a time per project)",
                     "description": "As `uprreport build` (`--final` with final: true). Poll the build's address "
                                    "until its state is done or failed.",
                     "operationId": "startBuild", "tags": ["builds"],
                     "requestBody": {"required": False, "content": {"application/json": {"schema": {
                         "type": "object", "properties": {
                             "final": {"type": "boolean", "default": False,
                                       "description": "refused while a body's latest text is unapproved"},
                             "pdf": {"type": "boolean", "default": False,
                                     "description": "the PDF too (where LibreOffice is installed)"}}}}}},
                     "responses": {"202": _json(_ref("Build"), "The build started",
                                                {"Location": {"schema": {"type": "string"}}}),
                                   **_errors(400, 401, 403, 404, 409, 429)}}},
        "/api/projects/{project}/builds/{build}": {
            "parameters": [PROJECT, BUILD],
            "get": {"summary": "A build: its state, messages and, once done, its files",
                    "operationId": "getBuild", "tags": ["builds"],
                    "responses": {"200": _json(_ref("Build"), "The build"), **_errors(401, 404, 429)}}},
        "/api/projects/{project}/builds/{build}/{name}": {
            "parameters": [PROJECT, BUILD, FILE],
            "get": {"summary": "Download a file of a build (the Word file or the PDF)", "operationId": "getBuildFile",
                    "tags": ["builds"],
                    "responses": {"200": {"description": "The file", "content": {
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
                            "schema": {"type": "string", "contentMediaType": "application/vnd.openxmlformats-"
                                                                              "officedocument.wordprocessingml."
                                                                              "document"}},
                        "application/pdf": {"schema": {"type": "string", "contentMediaType": "application/pdf"}}}},
                        **_errors(401, 404, 429)}}},
    }


def document() -> dict:
    """The OpenAPI 3.1 document of the API (a new dict each call)."""
    responses = {str(s): {**_json(_ref("Error"), text)} for s, text in ERRORS.items()}
    responses["401"]["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"},
                                                        "description": 'Bearer realm="uprreport"'}}
    responses["429"]["headers"] = {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds"}}
    return {
        "openapi": VERSION,
        "info": {"title": "uprreport workspace API", "version": __version__,
                 "description": "Start report projects from OHCHR's lists, send returned files and build the "
                                "report, from a ministry's own system or a script. Every call but this "
                                "description takes an API token (`uprreport token create NAME --workspace DIR`), "
                                "which acts as its account, with its role. docs/api.md says more."},
        "servers": [{"url": "/"}],
        "security": [{"token": []}],
        "tags": [{"name": "projects"}, {"name": "returns"}, {"name": "builds"}, {"name": "description"}],
        "paths": _paths(),
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer", "bearerFormat": "upr_<id>_<secret>",
                                          "description": "Authorization: Bearer upr_…, made with `uprreport token "
                                                         "create`"}},
            "schemas": _schemas(),
            "responses": responses,
        },
    }
