"""python3-saml (OneLogin) service provider check used by the Swift interop tests.

Usage: onelogin_sp.py WORKDIR RESPONSE_B64_FILE REQUEST_ID
WORKDIR holds idp.crt (our signing certificate). Prints JSON with is_valid,
the error reason, NameID and attributes.
"""
import json
import os
import sys

from onelogin.saml2.response import OneLogin_Saml2_Response
from onelogin.saml2.settings import OneLogin_Saml2_Settings

SP_ID = "https://sp.example.test/saml/metadata"
ACS = "https://sp.example.test/saml/acs"


def main():
    workdir, b64_file, request_id = sys.argv[1], sys.argv[2], sys.argv[3]
    idp = json.load(open(os.path.join(workdir, "idp.json")))
    settings = OneLogin_Saml2_Settings({
        "strict": True,
        "debug": False,
        "sp": {
            "entityId": SP_ID,
            "assertionConsumerService": {"url": ACS, "binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"},
            "NameIDFormat": "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
        },
        "idp": {
            "entityId": idp["entityID"],
            "singleSignOnService": {"url": idp["sso"], "binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"},
            "x509cert": idp["cert"],
        },
        "security": {"wantAssertionsSigned": True, "wantMessagesSigned": False, "rejectDeprecatedAlgorithm": True},
    })
    b64 = open(b64_file).read()
    response = OneLogin_Saml2_Response(settings, b64)
    request_data = {"https": "on", "http_host": "sp.example.test", "script_name": "/saml/acs", "server_port": "443"}
    valid = response.is_valid(request_data, None if request_id == "-" else request_id, raise_exceptions=False)
    out = {"is_valid": bool(valid), "error": response.get_error()}
    if valid:
        out.update({"name_id": response.get_nameid(), "attributes": response.get_attributes(),
                    "session_index": response.get_session_index()})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
