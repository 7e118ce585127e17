"""The Office Open XML layer: every line of raw WordprocessingML goes through here.

``ns`` declares the namespaces and the one safe XML parser; ``read`` is how readers look
inside Word packages (parts, paragraph text, table cells); ``write`` is how writers make
the XML python-docx has no API for, in the schema's element order. Nothing else in
uprreport parses or builds package XML.
"""
