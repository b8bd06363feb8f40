"""A SAML identity provider made of pysaml2, for the load comparison in
Benchmarks/load.sh: each GET answers, for a person taken as logged in,
with a signed Response posted to the SP (the same work as Sesame's
IdP-initiated SSO with a live session). Run under gunicorn:

  SESAME_PEER_DIR=DIR gunicorn -w 2 -b 127.0.0.1:PORT pysaml2_idp:app
DIR holds idp.key, idp.crt and sp.xml.
"""
import os

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

DIR = os.environ["SESAME_PEER_DIR"]
BASE = os.environ.get("SESAME_PEER_BASE", "http://127.0.0.1:8000")
SP = "https://sp.load.test/saml/metadata"
ACS = "https://sp.load.test/acs"

config = IdPConfig()
config.load({
    "entityid": BASE + "/metadata",
    "key_file": os.path.join(DIR, "idp.key"),
    "cert_file": os.path.join(DIR, "idp.crt"),
    "xmlsec_binary": "/usr/bin/xmlsec1",
    "metadata": {"local": [os.path.join(DIR, "sp.xml")]},
    "service": {"idp": {
        "endpoints": {"single_sign_on_service": [(BASE + "/sso", BINDING_HTTP_REDIRECT)]},
        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
        "policy": {"default": {"lifetime": {"minutes": 5}, "attribute_restrictions": None}},
    }},
})
server = Server(config=config)
IDENTITY = {"givenName": ["Sophie"], "sn": ["Dupont"], "uid": ["s.dupont10"], "mail": ["sophie.dupont@example.org"],
            "eduPersonAffiliation": ["member"], "displayName": ["Sophie Dupont"], "o": ["0861002X"], "ou": ["resp2d"]}


def app(environ, start_response):
    name_id = NameID(text="pairwise-4242", format=NAMEID_FORMAT_PERSISTENT, sp_name_qualifier=SP)
    response = server.create_authn_response(IDENTITY, None, ACS, SP, name_id=name_id, sign_assertion=True,
                                            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"})
    http = server.apply_binding(BINDING_HTTP_POST, str(response), ACS, relay_state="", response=True)
    body = http["data"].encode() if isinstance(http["data"], str) else http["data"]
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]
