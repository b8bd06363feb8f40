"""pysaml2 service provider driven by the Swift interop tests.

Usage: pysaml2_sp.py WORKDIR COMMAND [ARGS...]
WORKDIR holds sp.key, sp.crt (written by the Swift test) and idp.xml (our
IdP metadata). Every command prints one JSON object on stdout. Exit status
is non-zero on any failure, with the Python error on stderr.
"""
import json
import saml2.response
import os
import sys
from urllib.parse import urlparse

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.xmldsig import SIG_RSA_SHA256, DIGEST_SHA256

SP_ID = "https://sp.example.test/saml/metadata"
ACS = "https://sp.example.test/saml/acs"
SLO = "https://sp.example.test/saml/slo"


def client(workdir, signed=False, encrypted=False):
    key = os.path.join(workdir, "sp.key")
    crt = os.path.join(workdir, "sp.crt")
    conf = {
        "entityid": SP_ID,
        "key_file": key,
        "cert_file": crt,
        "xmlsec_binary": "/usr/bin/xmlsec1",
        "metadata": {"local": [os.path.join(workdir, "idp.xml")]} if os.path.exists(os.path.join(workdir, "idp.xml")) else {},
        "allow_unknown_attributes": True,
        "accepted_time_diff": 60,
        "service": {
            "sp": {
                "endpoints": {
                    "assertion_consumer_service": [(ACS, BINDING_HTTP_POST)],
                    "single_logout_service": [(SLO, BINDING_HTTP_REDIRECT), (SLO, BINDING_HTTP_POST)],
                },
                "authn_requests_signed": signed,
                "logout_requests_signed": True,
                "want_assertions_signed": True,
                "want_response_signed": False,
                "allow_unsolicited": True,
                "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                "signing_algorithm": SIG_RSA_SHA256,
                "digest_algorithm": DIGEST_SHA256,
            }
        },
    }
    if encrypted:
        conf["encryption_keypairs"] = [{"key_file": key, "cert_file": crt}]
    cfg = SPConfig()
    cfg.load(conf)
    return Saml2Client(config=cfg)


def idp_entity_id(workdir):
    return json.load(open(os.path.join(workdir, "idp.json")))["entityID"]


def binding_output(binding, info):
    if binding == BINDING_HTTP_REDIRECT:
        location = dict(info["headers"])["Location"]
        return {"query": urlparse(location).query, "location": location}
    data = info["data"]
    # pysaml2 >= 7 returns the form fields in "data" as HTML; pull out the values.
    import re
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', data))
    return {"fields": fields}


def main():
    workdir, command, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    out = {}
    if command == "metadata":
        signed = "signed" in args
        c = client(workdir, signed=signed, encrypted="encrypted" in args)
        out["xml"] = create_metadata_string(None, config=c.config, valid=1).decode()
    elif command == "authn":
        binding = BINDING_HTTP_REDIRECT if args[0] == "redirect" else BINDING_HTTP_POST
        signed = args[1] == "signed"
        c = client(workdir, signed=signed)
        idp_id = idp_entity_id(workdir)
        kwargs = {"sigalg": SIG_RSA_SHA256} if signed else {}
        reqid, info = c.prepare_for_authenticate(entityid=idp_id, relay_state="rs-Ok 42", binding=binding,
                                                 sign=signed, nameid_format=NAMEID_FORMAT_PERSISTENT, **kwargs)
        out = {"id": reqid}
        out.update(binding_output(binding, info))
    elif command == "response":
        b64 = open(args[0]).read()
        outstanding = {args[1]: "/"} if len(args) > 1 and args[1] != "-" else {}
        c = client(workdir, encrypted="encrypted" in args)
        resp = c.parse_authn_request_response(b64, BINDING_HTTP_POST, outstanding)
        if resp is None:
            raise SystemExit("parse_authn_request_response returned None")
        name_id = resp.name_id
        out = {
            "name_id": name_id.text, "name_id_format": name_id.format,
            "sp_name_qualifier": name_id.sp_name_qualifier,
            "issuer": resp.issuer(), "ava": resp.ava, "in_response_to": resp.in_response_to,
            "session_index": resp.assertion.authn_statement[0].session_index,
            "authn_context": resp.authn_info()[0][0] if resp.authn_info() else None,
        }
    elif command == "logout_request":
        binding = BINDING_HTTP_REDIRECT if args[0] == "redirect" else BINDING_HTTP_POST
        sign = args[1] == "signed"
        c = client(workdir)
        idp_id = idp_entity_id(workdir)
        destination = c.metadata.single_logout_service(idp_id, binding, "idpsso")[0]["location"]
        # Optional: the NameID and SessionIndex the IdP gave (else fixed test values).
        name_text = args[2] if len(args) > 2 else "user-4242"
        indexes = [args[3]] if len(args) > 3 else ["_sess1", "_sess2"]
        name_id = NameID(text=name_text, format=NAMEID_FORMAT_PERSISTENT, sp_name_qualifier=SP_ID)
        reqid, request = c.create_logout_request(destination, idp_id, name_id=name_id, session_indexes=indexes,
                                                 sign=(sign and binding == BINDING_HTTP_POST), sign_alg=SIG_RSA_SHA256,
                                                 digest_alg=DIGEST_SHA256)
        info = c.apply_binding(binding, str(request), destination, relay_state="slo-rs", sign=sign, sigalg=SIG_RSA_SHA256)
        out = {"id": reqid}
        out.update(binding_output(binding, info))
    elif command == "parse_logout_response":
        binding = BINDING_HTTP_REDIRECT if args[0] == "redirect" else BINDING_HTTP_POST
        c = client(workdir)
        payload = open(args[1]).read()
        try:
            resp = c.parse_logout_request_response(payload, binding)
        except saml2.response.StatusError as refusal:
            # pysaml2 raises on a non-success status: report which one it read.
            print(json.dumps({"status": "refused", "error": type(refusal).__name__}))
            return
        if resp is None:
            raise SystemExit("parse_logout_request_response returned None")
        out = {"in_response_to": resp.response.in_response_to, "status": resp.response.status.status_code.value,
               "issuer": resp.response.issuer.text, "destination": resp.response.destination}
    elif command == "parse_logout_request":
        binding = BINDING_HTTP_REDIRECT if args[0] == "redirect" else BINDING_HTTP_POST
        c = client(workdir)
        payload = open(args[1]).read()
        if binding == BINDING_HTTP_REDIRECT:
            # The whole query: pysaml2 verifies the redirect signature itself.
            from urllib.parse import parse_qs
            q = {k: v[0] for k, v in parse_qs(payload).items()}
            # pysaml2 checks redirect signatures only where it "must".
            c.config.setattr("idp", "want_authn_requests_signed", True)
            req = c.parse_logout_request(q["SAMLRequest"], binding, relay_state=q.get("RelayState"),
                                         sigalg=q["SigAlg"], signature=q["Signature"])
        else:
            req = c.parse_logout_request(payload, binding)
        if req is None:
            raise SystemExit("parse_logout_request returned None")
        msg = req.message
        out = {"id": msg.id, "name_id": msg.name_id.text, "issuer": msg.issuer.text,
               "session_indexes": [s.text for s in msg.session_index], "destination": msg.destination}
    else:
        raise SystemExit("unknown command " + command)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
