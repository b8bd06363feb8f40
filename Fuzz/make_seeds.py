#!/usr/bin/env python3
"""Writes the committed seed corpora of Fuzz/Corpus from the test fixtures,
the metadata examples and small hand-made documents, signed where it
matters with the demo key of certs/ (openssl and xmlsec1 do the signing).
Run again only when a parser's input format changes:  python3 Fuzz/make_seeds.py"""
import base64, hashlib, hmac, json, os, shutil, subprocess, sys, tempfile, urllib.parse, zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Fuzz" / "Corpus"
KEY = ROOT / "certs" / "demo-fuzz-sp.key.pem"
CERT = ROOT / "certs" / "demo-fuzz-sp.crt.pem"
SIECLE = ROOT / "Tests" / "SIECLETests" / "Fixtures"
BASE = "https://sesame.fuzz.invalid"
SP = "https://sp.fuzz.invalid/saml/metadata"
ACS = "https://sp.fuzz.invalid/saml/acs"
NOW = "2026-03-01T08:40:00Z"
SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
DS = "http://www.w3.org/2000/09/xmldsig#"


def write(target, name, data):
    folder = OUT / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())


def deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def rsa_sign(data):
    return subprocess.run(["openssl", "dgst", "-sha256", "-sign", str(KEY)], input=data, capture_output=True, check=True).stdout


def cert_body():
    lines = CERT.read_text().strip().splitlines()
    return "".join(lines[1:-1])


def signature_template(ref):
    return (f'<ds:Signature xmlns:ds="{DS}"><ds:SignedInfo>'
            '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
            '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>'
            f'<ds:Reference URI="#{ref}"><ds:Transforms>'
            '<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>'
            '<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>'
            '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference>'
            '</ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><ds:X509Data><ds:X509Certificate/></ds:X509Data></ds:KeyInfo>'
            '</ds:Signature>')


def xmlsec_sign(xml, node, ref):
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.xml"
        src.write_text(xml)
        out = subprocess.run(["xmlsec1", "--sign", "--privkey-pem", f"{KEY},{CERT}", "--id-attr:ID", node, "--output", "/dev/stdout", str(src)],
                             capture_output=True, check=True).stdout
        return out


def authn_request(extra="", body="", ident="_req0123456789", signed=False):
    sig = signature_template(ident) if signed else ""
    return (f'<samlp:AuthnRequest xmlns:samlp="{SAMLP}" xmlns:saml="{SAML}" ID="{ident}" Version="2.0" IssueInstant="{NOW}" '
            f'Destination="{BASE}/saml/sso" AssertionConsumerServiceURL="{ACS}"{extra}><saml:Issuer>{SP}</saml:Issuer>{sig}'
            f'<samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent" AllowCreate="true"/>{body}'
            '</samlp:AuthnRequest>')


def logout_request(signed=False):
    sig = signature_template("_logout1") if signed else ""
    return (f'<samlp:LogoutRequest xmlns:samlp="{SAMLP}" xmlns:saml="{SAML}" ID="_logout1" Version="2.0" IssueInstant="{NOW}" '
            f'Destination="{BASE}/saml/slo"><saml:Issuer>{SP}</saml:Issuer>{sig}'
            '<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">abc123</saml:NameID>'
            '<samlp:SessionIndex>_s1</samlp:SessionIndex></samlp:LogoutRequest>')


def logout_response():
    return (f'<samlp:LogoutResponse xmlns:samlp="{SAMLP}" xmlns:saml="{SAML}" ID="_lr1" Version="2.0" IssueInstant="{NOW}" '
            f'Destination="{BASE}/saml/slo" InResponseTo="_logout1"><saml:Issuer>{SP}</saml:Issuer>'
            '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>'
            '</samlp:LogoutResponse>')


def redirect_query(xml, kind="SAMLRequest", relay="rs1", sign=False):
    q = f"{kind}=" + urllib.parse.quote(base64.b64encode(deflate(xml.encode())).decode(), safe="")
    if relay is not None:
        q += "&RelayState=" + urllib.parse.quote(relay, safe="")
    if sign:
        q += "&SigAlg=" + urllib.parse.quote("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", safe="")
        q += "&Signature=" + urllib.parse.quote(base64.b64encode(rsa_sign(q.encode())).decode(), safe="")
    return q


def saml_seeds():
    requests = {
        "plain": authn_request(),
        "force-passive": authn_request(' ForceAuthn="true" IsPassive="false"'),
        "context": authn_request(body=f'<samlp:RequestedAuthnContext Comparison="exact"><saml:AuthnContextClassRef>'
                                      'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef>'
                                      '</samlp:RequestedAuthnContext>'),
        "subject": authn_request(body='<saml:Subject><saml:NameID>p.dupont10</saml:NameID></saml:Subject>'),
        "acs-index": authn_request().replace(f' AssertionConsumerServiceURL="{ACS}"', ' AssertionConsumerServiceIndex="1"'),
        "logout": logout_request(),
    }
    for name, xml in requests.items():
        write("SAMLRedirect", f"query-{name}", b"\x00" + redirect_query(xml).encode())
        write("SAMLRedirect", f"xml-{name}", b"\x01" + xml.encode())
        write("SAMLPost", f"base64-{name}", b"\x00" + base64.b64encode(xml.encode()) + b"\x00rs1")
        write("SAMLPost", f"xml-{name}", b"\x01" + xml.encode())
        write("Inflate", f"deflated-{name}", deflate(xml.encode()))
    write("SAMLRedirect", "query-signed", b"\x00" + redirect_query(requests["plain"], sign=True).encode())
    write("SAMLRedirect", "query-signed-logout", b"\x00" + redirect_query(requests["logout"], sign=True).encode())
    write("SAMLRedirect", "query-logout-response", b"\x00" + redirect_query(logout_response(), kind="SAMLResponse").encode())
    write("SAMLRedirect", "xml-logout-response", b"\x02" + logout_response().encode())
    write("SAMLRedirect", "query-sigalg-alone", b"\x00" + (redirect_query(requests["plain"]) + "&SigAlg=x").encode())
    signed_request = xmlsec_sign(authn_request(signed=True), "urn:oasis:names:tc:SAML:2.0:protocol:AuthnRequest", "_req0123456789")
    signed_logout = xmlsec_sign(logout_request(signed=True), "urn:oasis:names:tc:SAML:2.0:protocol:LogoutRequest", "_logout1")
    write("SAMLPost", "xml-signed", b"\x01" + signed_request)
    write("SAMLPost", "xml-signed-logout", b"\x01" + signed_logout)
    write("SAMLPost", "base64-signed", b"\x00" + base64.b64encode(signed_request))
    write("SAMLPost", "xml-logout-response", b"\x01" + logout_response().encode())
    write("Inflate", "stored-block", b"\x01\x05\x00\xfa\xffhello")
    write("Inflate", "fixed-huffman", zlib.compress(b"a" * 300)[2:-4])
    write("Inflate", "empty", b"")
    return signed_request, signed_logout


def assertion(ident="_a1", signed=False):
    sig = signature_template(ident) if signed else ""
    return (f'<saml:Assertion xmlns:saml="{SAML}" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="{ident}" Version="2.0" IssueInstant="{NOW}">'
            f'<saml:Issuer>{BASE}/saml/metadata</saml:Issuer>{sig}<saml:Subject><saml:NameID>abc</saml:NameID></saml:Subject>'
            '<saml:AttributeStatement><saml:Attribute Name="uid"><saml:AttributeValue xsi:type="xs:string">p.dupont10'
            '</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion>')


def xml_signature_seeds(signed_request, signed_logout):
    signed_assertion = xmlsec_sign(assertion(signed=True), "urn:oasis:names:tc:SAML:2.0:assertion:Assertion", "_a1")
    body = signed_assertion.decode().split("?>", 1)[-1].strip()
    response = (f'<samlp:Response xmlns:samlp="{SAMLP}" ID="_r1" Version="2.0" IssueInstant="{NOW}">'
                f'<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>{body}</samlp:Response>')
    evil = assertion("_evil").replace("p.dupont10", "admin")
    seeds = {
        "signed-request": signed_request, "signed-logout": signed_logout, "signed-assertion": signed_assertion,
        "response": response.encode(),
        # Signature wrapping and moved references, as in the hostile corpus.
        "wrapped-beside": response.replace("</samlp:Response>", evil + "</samlp:Response>").encode(),
        "wrapped-around": evil.replace("</saml:Assertion>", body + "</saml:Assertion>").encode(),
        "duplicate-id": response.replace('ID="_r1"', 'ID="_a1"').encode(),
        "unsigned": assertion().encode(),
        "comment-in-nameid": signed_assertion.replace(b"p.dupont10", b"p.dupont10<!---->.evil"),
    }
    for name, data in seeds.items():
        write("XMLSignature", name, data)
    return seeds


def c14n_seeds(signatures):
    docs = {
        "namespaces": '<a:r xmlns:a="urn:a" xmlns:b="urn:b" xmlns="urn:d"><b:c b:x="1" y="2"><d xmlns="">t</d></b:c><!--c--><?pi x?></a:r>',
        "attributes": '<r z="1" a="&lt;&amp;&quot;" xml:lang="fr"><c xmlns:n="urn:n" n:b="2" n:a="1">é&#x9;&#xD;</c></r>',
        "cdata": '<r><![CDATA[<not markup> & ]]>text</r>',
        "default-undeclared": '<r xmlns="urn:x"><s xmlns=""><t xmlns="urn:x"/></s></r>',
        "inclusive": '<saml:A xmlns:saml="urn:s" xmlns:xs="urn:xs" xmlns:ds="urn:ds"><v type="xs:string">x</v><ds:S/></saml:A>',
    }
    for name, xml in docs.items():
        for control in (0, 1, 3, 0x42, 0x83, 0xC1):
            write("Canonicalization", f"{name}-{control:02x}", bytes([control]) + xml.encode())
    for name, data in signatures.items():
        write("Canonicalization", f"signed-{name}", b"\x02" + data)
    write("Canonicalization", "siecle-pupils", b"\x00" + (SIECLE / "ElevesAvecAdresses-utf8.xml").read_bytes())


def metadata_seeds():
    cert = cert_body()
    sp = (f'<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="{DS}" entityID="{SP}">'
          '<md:SPSSODescriptor AuthnRequestsSigned="true" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
          f'<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>'
          f'<md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>'
          '<md:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes128-gcm"/></md:KeyDescriptor>'
          '<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://sp.fuzz.invalid/saml/slo"/>'
          '<md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>'
          f'<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{ACS}" index="1" isDefault="true"/>'
          '</md:SPSSODescriptor></md:EntityDescriptor>')
    write("SPMetadata", "example-ent", (ROOT / "metadata" / "exemple-ent-saml.xml").read_bytes())
    write("SPMetadata", "signed-keys", sp)
    write("SPMetadata", "federation", '<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" validUntil="2030-01-01T00:00:00Z">'
          + sp.replace(' xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"', "") + sp.replace(SP, "https://other.fuzz.invalid/sp").replace(' xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"', "")
          + "</md:EntitiesDescriptor>")


def cas_seeds():
    st = "ST-" + "a" * 32
    service = urllib.parse.quote("https://ent-college.example.org/login", safe="")
    queries = {
        "login": f"service={service}", "login-renew": f"service={service}&renew=true&method=POST",
        "gateway": f"service={service}&gateway=true", "validate": f"service={service}&ticket={st}",
        "json": f"service={service}&ticket={st}&format=JSON",
        "pgt": f"service={service}&ticket={st}&pgtUrl=" + urllib.parse.quote("https://ent-college.example.org/pgt/cb", safe=""),
        "proxy": "targetService=" + service + "&pgt=PGT-" + "b" * 40,
        "hostile": "service=" + urllib.parse.quote("https://ent-college.example.org/login?x=<&\"'>", safe="") + f"&ticket=ST-<x>&ticket={st}",
        "logout": f"service={service}&url={service}",
    }
    for name, q in queries.items():
        write("CASRequest", name, q)


def jose_seeds():
    secret = b"fuzz-client-secret-0123456789abcdef"
    claims = {"iss": "https://fc.fuzz.invalid/api/v2", "aud": "fuzz-client", "sub": "sub-fuzz-0123456789", "exp": 1772358000,
              "iat": 1772354400, "nonce": "nonce-fuzz-0123456789", "acr": "eidas1", "given_name": "Léa Marie",
              "family_name": "Dupont", "birthdate": "1985-02-28", "email": "lea@example.fr", "gender": "female",
              "preferred_username": "Martin", "birthplace": "75107", "birthcountry": "99100"}
    header = {"alg": "HS256", "typ": "JWT"}
    hj, pj = json.dumps(header).encode(), json.dumps(claims, ensure_ascii=False).encode()
    signing_input = b64url(hj) + "." + b64url(pj)
    hs = signing_input + "." + b64url(hmac.new(secret, signing_input.encode(), hashlib.sha256).digest())
    rs_input = b64url(json.dumps({"alg": "RS256", "kid": "demo-fuzz"}).encode()) + "." + b64url(pj)
    rs = rs_input + "." + b64url(rsa_sign(rs_input.encode()))
    write("FranceConnectToken", "token-hs256", b"\x00" + hs.encode())
    write("FranceConnectToken", "token-rs256", b"\x00" + rs.encode())
    write("FranceConnectToken", "token-none", b"\x00" + (b64url(b'{"alg":"none"}') + "." + b64url(pj) + ".").encode())
    write("FranceConnectToken", "signed-claims", b"\x01" + hj + b"\x00" + pj)
    write("FranceConnectToken", "signed-claims-aud-list", b"\x01" + hj + b"\x00" + json.dumps(dict(claims, aud=["fuzz-client", "x"], azp="fuzz-client")).encode())
    n = (ROOT / "Fuzz" / "Support" / "FranceConnectFixture.swift").read_text().split('"n":"')[1].split('"')[0]
    write("FranceConnectToken", "jwks", b"\x02" + json.dumps({"keys": [{"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256", "e": "AQAB", "n": n},
                                                                      {"kty": "EC", "crv": "P-256", "kid": "k2", "x": b64url(b"\x01" * 32), "y": b64url(b"\x02" * 32)}]}).encode())
    issuer = "https://fc.fuzz.invalid/api/v2"
    write("FranceConnectToken", "discovery", b"\x03" + json.dumps({
        "issuer": issuer, "authorization_endpoint": issuer + "/authorize", "token_endpoint": issuer + "/token",
        "userinfo_endpoint": issuer + "/userinfo", "end_session_endpoint": issuer + "/session/end", "jwks_uri": issuer + "/jwks",
        "id_token_signing_alg_values_supported": ["ES256", "RS256"], "userinfo_signing_alg_values_supported": ["ES256"]}).encode())
    write("FranceConnectToken", "callback", b"\x04code=abc123&state=state-fuzz-0123456789")
    write("FranceConnectToken", "callback-error", b"\x04error=access_denied&error_description=annul%C3%A9&state=state-fuzz-0123456789")
    write("FranceConnectToken", "userinfo-json", b"\x05" + pj)
    write("FranceConnectToken", "userinfo-jwt", b"\x06" + hj + b"\x00" + pj)


def siecle_seeds():
    for f in sorted(SIECLE.iterdir()):
        if f.suffix == ".xml" and f.stat().st_size > 0:
            write("SIECLEXML", f.name, f.read_bytes())
        elif f.suffix == ".zip" and f.name != "bomb.zip":
            write("SIECLEZip", f.name, f.read_bytes())
    write("SIECLEXML", "pupils-and-guardians", (SIECLE / "ElevesSansAdresses.xml").read_bytes() + b"\x00" + (SIECLE / "ResponsablesAvecAdresses.xml").read_bytes())
    latin = (SIECLE / "ElevesAvecAdresses-utf8.xml").read_text().replace('encoding="UTF-8"', 'encoding="ISO-8859-15"').encode("iso-8859-15", "replace")
    write("SIECLEXML", "latin9", latin)


def legacy_seeds():
    ssha = "{SSHA}EH+cVFcKgvWMcrlpLY9pz/gQdqQnRMiZ"
    write("LegacyLDIF", "two-people", f"""version: 1
# Export ATEN
dn: uid=jdupont,ou=people,dc=ac-exemple,dc=fr
objectClass: inetOrgPerson
uid: jdupont
sn: Dupont
givenName:: w4lsb2RpZQ==
mail: elodie.dupont@example.fr
employeeType: Eleve
ENTPersonDateNaissance: 03/02/2010
userPassword: {ssha}

dn: uid=zmartin,ou=people,dc=ac-exemple,dc=fr
uid: zmartin
sn: Martin-Lef
 èvre
givenName: Zoé
userPassword:: e1NTSEF9K3RTZnJTZmRMa1ZxZjZxcGY5dERhR0o2YmE0akpDU0U=
""")
    write("LegacyLDIF", "crypt", "dn: uid=a,dc=x\nuid: a\nsn: A\ngivenName: A\nuserPassword: {CRYPT}$6$rounds=1000$bxphlM/sTsQCoIDD$3bfvUv97Z30TVSU1cM6qzoaFxUkdtil99JAs79AgnhFkXdpHevZd83PEU.XScjD1Q/3xnovTbhuqD4SlKqohd/\n")
    write("LegacyLDIF", "bcrypt", "dn: uid=b,dc=x\nuid: b\nsn: B\ngivenName: B\nuserPassword: {CRYPT}$2y$04$abcdefghijklmnopqrstuuO5oBDeNBaXH7hYwW6E8Ne7O6U3zZlTe\n")
    write("LegacyCSV", "comma", f'uid,sn,givenName,userPassword,employeeType\na, "Le Gall, Anne" ,Anne,{{CRYPT}}$1$sXytVQh8$p5UEsGRyEc.eLuga8v56W.,Parent\n')
    write("LegacyCSV", "semicolon", f"uid;sn;givenName;ENTPersonDateNaissance;userPassword\na;A;Anne;01/01/2000;{ssha}\nb;;Bob;;{ssha}\nd;D;Dan;;{{SHA}}qUqP5cyxm6YcTAhz05Hph5gvu9M=\n")
    write("LegacyCSV", "bom-crlf", b"\xef\xbb\xbfuid;sn;givenName;userPassword\r\n\"x\"\"y\";N;P;{SSHA256}z9XbyqYs8GSqO8mgEGJu1Ejy4IGIpZ6+mdBvK2USdDhz7t2b07q39g==\r\n")


def web_seeds():
    part = lambda name, extra="", body="x": f'--XyZ\r\nContent-Disposition: form-data; name="{name}"{extra}\r\n\r\n{body}\r\n'
    write("Multipart", "upload", "multipart/form-data; boundary=XyZ\n" + part("csrf", body="abc") +
          part("fichiers", '; filename="ElevesSansAdresses.xml"\r\nContent-Type: text/xml', "<BEE_ELEVES/>") + "--XyZ--\r\n")
    write("Multipart", "quoted-boundary", 'multipart/form-data; boundary="XyZ"; charset=utf-8\n' + part("a") + "--XyZ--")
    write("Multipart", "empty", "multipart/form-data; boundary=XyZ\n--XyZ--\r\n")
    for name, body in {"login": "identifiant=p.dupont10&mot_de_passe=Azerty%21%2B1&next=%2Fcas%2Flogin%3Fservice%3Dhttps%253A%252F%252Fent",
                       "accents": "nom=L%C3%A9a+Dupont&ville=Saint-%C3%89tienne", "repeats": "a=1&a=2&&=&b",
                       "newline": "message=Bonjour%0D%0A%09merci"}.items():
        write("FormBody", name, body)
    for name, text in {"date-slash": "09/08/2016", "date-digits": "09082016", "date-words": "1er août 2016", "date-iso": "2016-08-09",
                       "mobile": "06 12 34 56 78", "mobile-intl": "+33 6 12 34 56 78", "mobile-guadeloupe": "+590 690 12 34 56",
                       "mobile-reunion": "0692 12 34 56", "name": "Éléonore Du Pont-Œuvre", "name-ligature": "Łukasz Ærøskøbing ß",
                       "identifier": " P.Dupont10 "}.items():
        write("FrenchInput", name, text)


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    signed_request, signed_logout = saml_seeds()
    signatures = xml_signature_seeds(signed_request, signed_logout)
    c14n_seeds(signatures)
    metadata_seeds()
    cas_seeds()
    jose_seeds()
    siecle_seeds()
    legacy_seeds()
    web_seeds()
    for target in sorted(OUT.iterdir()):
        files = list(target.iterdir())
        print(f"{target.name}: {len(files)} seeds, {sum(f.stat().st_size for f in files)} bytes")


if __name__ == "__main__":
    main()
