#!/usr/bin/env python3
"""Writes invented SIECLE "BEE" exports (no real person in them).

    generate_fixtures.py fixtures OUTDIR
        the small fixtures committed under Tests/SIECLETests/Fixtures
    generate_fixtures.py large OUTDIR --pupils N [--guardians M] [--uai 0693456] [--seed S] [--zip]
        ElevesSansAdresses.xml (+ ResponsablesAvecAdresses.xml when M > 0),
        ISO-8859-15 like real exports, for the memory test and SIECLESpeed;
        with --zip, also export.zip holding them

Python 3 standard library only.
"""
import argparse
import os
import random
import zipfile
from xml.sax.saxutils import escape

LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def uai(digits):
    """Seven digits and their check letter."""
    return digits + LETTERS[int(digits) % 23]


MAIN_UAI = uai("0693456")
OTHER_UAI = uai("0751234")


def header(root, encoding, uaj, extra=""):
    return (f'<?xml version="1.0" encoding="{encoding}"?>\n'
            f'<{root} VERSION="1.8">\n'
            f'<PARAMETRES>\n<UAJ>{uaj}</UAJ>\n<ANNEE_SCOLAIRE>2025</ANNEE_SCOLAIRE>\n'
            f'<DATE_EXPORT>02/09/2025</DATE_EXPORT>\n<HORODATAGE>02/09/2025 08:15:42</HORODATAGE>\n'
            f'{extra}</PARAMETRES>\n<DONNEES>\n')


def element(name, value):
    return "" if value is None else f"<{name}>{escape(value)}</{name}>\n"


def pupil_xml(p):
    out = [f'<ELEVE ELEVE_ID="{p["id"]}" ELENOET="{p.get("elenoet", "")}">\n']
    out.append(element("ID_NATIONAL", p.get("ine")))
    out.append(element("ELENOET", p.get("elenoet")))
    out.append(element("ID_ELEVE_ETAB", p.get("elenoet")))
    out.append(element("NOM_DE_FAMILLE", p.get("nom")))
    out.append(element("NOM_USAGE", p.get("usage")))
    out.append(element("PRENOM", p.get("prenom")))
    out.append(element("PRENOM2", p.get("prenom2")))
    out.append(element("DATE_NAISS", p.get("naiss")))
    out.append("<DOUBLEMENT>N</DOUBLEMENT>\n<CODE_PAYS>100</CODE_PAYS>\n")
    out.append(element("VILLE_NAISS", p.get("ville", "LYON 3E ARRONDISSEMENT")))
    out.append(element("CODE_SEXE", p.get("sexe")))
    out.append("<CODE_REGIME>2</CODE_REGIME>\n")
    out.append(element("DATE_ENTREE", p.get("entree", "01/09/2025")))
    out.append(element("DATE_SORTIE", p.get("sortie")))
    out.append(element("CODE_MOTIF_SORTIE", p.get("motif")))
    out.append(element("CODE_MEF", p.get("mef", "10010012110")))
    out.append("<CODE_STATUT>ST</CODE_STATUT>\n")
    out.append("<SCOLARITE_AN_DERNIER>\n<CODE_MEF>10010012110</CODE_MEF>\n"
               "<CODE_RNE>0690001A</CODE_RNE>\n</SCOLARITE_AN_DERNIER>\n")
    out.append("</ELEVE>\n")
    return "".join(out)


def structures_xml(p):
    structures = []
    if p.get("division"):
        structures.append((p["division"], "D"))
    structures += [(g, "G") for g in p.get("groups", [])]
    if not structures:
        return ""
    out = [f'<STRUCTURES_ELEVE ELEVE_ID="{p["id"]}" ELENOET="{p.get("elenoet", "")}">\n']
    for code, kind in structures:
        out.append(f"<STRUCTURE>\n<CODE_STRUCTURE>{escape(code)}</CODE_STRUCTURE>\n"
                   f"<TYPE_STRUCTURE>{kind}</TYPE_STRUCTURE>\n</STRUCTURE>\n")
    out.append("</STRUCTURES_ELEVE>\n")
    return "".join(out)


def pupils_document(pupils, encoding="ISO-8859-15", uaj=MAIN_UAI, addresses=False):
    parts = [header("BEE_ELEVES", encoding, uaj), "<ELEVES>\n"]
    parts += [pupil_xml(p) for p in pupils]
    parts.append("</ELEVES>\n<OPTIONS>\n<OPTION ELEVE_ID=\"%s\">\n<OPTIONS_ELEVE>\n<NUM_OPTION>1</NUM_OPTION>\n"
                 "<CODE_MODALITE_ELECT>O</CODE_MODALITE_ELECT>\n<CODE_MATIERE>030201</CODE_MATIERE>\n"
                 "</OPTIONS_ELEVE>\n</OPTION>\n</OPTIONS>\n" % pupils[0]["id"])
    parts.append("<STRUCTURES>\n")
    parts += [structures_xml(p) for p in pupils]
    parts.append("</STRUCTURES>\n")
    if addresses:
        parts.append('<ADRESSES>\n<ADRESSE ADRESSE_ID="800001">\n<LIGNE1_ADRESSE>12 rue des Écoles</LIGNE1_ADRESSE>\n'
                     "<CODE_POSTAL>69003</CODE_POSTAL>\n<LIBELLE_POSTAL>LYON</LIBELLE_POSTAL>\n</ADRESSE>\n</ADRESSES>\n")
    parts.append("</DONNEES>\n</BEE_ELEVES>\n")
    return "".join(parts)


def person_xml(p):
    out = [f'<PERSONNE PERSONNE_ID="{p["id"]}">\n']
    out.append(element("LC_CIVILITE", p.get("civ")))
    out.append(element("NOM_DE_FAMILLE", p.get("nom")))
    out.append(element("NOM_USAGE", p.get("usage")))
    out.append(element("PRENOM", p.get("prenom")))
    out.append(element("TEL_PERSONNEL", p.get("tel")))
    out.append(element("TEL_PORTABLE", p.get("portable")))
    out.append(element("TEL_PROFESSIONNEL", p.get("pro")))
    out.append(element("MEL", p.get("mel")))
    out.append(element("ACCEPTE_SMS", p.get("sms")))
    out.append(element("ADRESSE_ID", p.get("adresse")))
    out.append("<CODE_PROFESSION>38</CODE_PROFESSION>\n<COMMUNICATION_ADRESSE>O</COMMUNICATION_ADRESSE>\n")
    out.append("</PERSONNE>\n")
    return "".join(out)


def link_xml(eleve, personne, rank, parente):
    return (f"<RESPONSABLE_ELEVE>\n<ELEVE_ID>{eleve}</ELEVE_ID>\n<PERSONNE_ID>{personne}</PERSONNE_ID>\n"
            f"<RESP_LEGAL>{rank}</RESP_LEGAL>\n<CODE_PARENTE>{parente}</CODE_PARENTE>\n"
            f"<RESP_FINANCIER>1</RESP_FINANCIER>\n<PERS_PAIEMENT>1</PERS_PAIEMENT>\n"
            f"<PERS_CONTACT>1</PERS_CONTACT>\n</RESPONSABLE_ELEVE>\n")


def guardians_document(persons, links, encoding="ISO-8859-15", uaj=MAIN_UAI):
    parts = [header("BEE_RESPONSABLES", encoding, uaj), "<PERSONNES>\n"]
    parts += [person_xml(p) for p in persons]
    parts.append("</PERSONNES>\n<RESPONSABLES>\n")
    parts += [link_xml(*l) for l in links]
    parts.append("</RESPONSABLES>\n<ADRESSES>\n")
    for p in persons:
        if p.get("adresse"):
            parts.append(f'<ADRESSE ADRESSE_ID="{p["adresse"]}">\n<LIGNE1_ADRESSE>3 allée des Tilleuls</LIGNE1_ADRESSE>\n'
                         "<CODE_POSTAL>69003</CODE_POSTAL>\n<LIBELLE_POSTAL>LYON</LIBELLE_POSTAL>\n"
                         "<CODE_PAYS>100</CODE_PAYS>\n</ADRESSE>\n")
    parts.append("</ADRESSES>\n</DONNEES>\n</BEE_RESPONSABLES>\n")
    return "".join(parts)


MAIN_PUPILS = [
    dict(id="100001", elenoet="2001", ine="1234567890A", nom="LEFÈVRE", prenom="Éloïse", prenom2="Marie",
         naiss="14/03/2012", sexe="2", mef="10110001110", division="6A"),
    dict(id="100002", elenoet="2002", ine="1234567891B", nom="MOREAU", usage="MOREAU-LAMBERT",
         prenom="Jean-Baptiste", naiss="02/11/2011", sexe="1", mef="10210001110", division="5B",
         groups=["5B-LATIN", "G-€CO"]),
    dict(id="100003", elenoet="2003", ine="1234567892C", nom="N'DIAYE", prenom="Aïssatou",
         naiss="29/02/2012", sexe="2", mef="10110001110", division="6A", groups=["CHORALE"]),
    dict(id="100004", elenoet="2004", ine="1234567893D", nom="de La Tour", prenom="Clément", prenom2="François",
         naiss="07/07/2010", sexe="1", mef="10310019110", division="4C"),
    dict(id="100005", elenoet="2005", ine="1234567894E", nom="CŒURDACIER", prenom="Zoé",
         naiss="19/01/2013", sexe="2", mef="10110001110", division="6A", groups=["CHŒUR"]),
    dict(id="100006", elenoet="2006", ine="1234567895F", nom="GARÇON", prenom="Noël",
         naiss="25/12/2009", sexe="1", mef="10410001110", division="3A", sortie="15/01/2026", motif="DEM"),
    dict(id="100007", elenoet="2007", ine="1234567896G", nom="ROUSSEAU", prenom="Anaïs",
         naiss="01/06/2011", sexe="2", mef="10210001110"),
]

MAIN_PERSONS = [
    dict(id="500001", civ="MME", nom="LEFÈVRE", prenom="Hélène", portable="06 12 34 56 78",
         mel="helene.lefevre@example.fr", sms="1", adresse="900001"),
    dict(id="500002", civ="M.", nom="LEFÈVRE", prenom="François", tel="04 78 00 00 01", sms="0", adresse="900001"),
    dict(id="500003", civ="MME", nom="LAMBERT", usage="MOREAU-LAMBERT", prenom="Cécile",
         portable="07 98 76 54 32", mel="cecile.ml@example.org", sms="1", adresse="900002"),
    dict(id="500004", civ="M.", nom="N'DIAYE", prenom="Moussa", portable="06 00 00 00 04", adresse="900003"),
    dict(id="500005", civ="MME", nom="de La Tour", prenom="Bérénice", mel="b.delatour@example.fr", adresse="900004"),
    dict(id="500006", civ="M.", nom="CŒURDACIER", prenom="Loïc", sms="0", adresse="900005"),
    dict(id="500007", civ="MME", nom="GARÇON", prenom="Maëlle", portable="06 00 00 00 07", sms="1"),
    dict(id="500008", civ="M.", nom="ROUSSEAU", prenom="Jérôme", pro="04 72 00 00 08"),
    dict(id="500009", civ="MME", nom="BŒUF", prenom="Françoise"),
]

MAIN_LINKS = [
    ("100001", "500001", 1, "10"), ("100001", "500002", 2, "20"), ("100002", "500003", 1, "10"),
    ("100003", "500004", 1, "20"), ("100004", "500005", 1, "10"), ("100005", "500006", 1, "20"),
    ("100006", "500007", 1, "10"), ("100007", "500008", 1, "20"), ("100001", "500009", 0, "50"),
]

UTF8_PUPILS = [
    dict(id="300001", elenoet="3001", ine="2234567890A", nom="CŒUR", prenom="Œlya",
         naiss="03/04/2012", sexe="2", division="6€", groups=["G-€CO"]),
    dict(id="300002", elenoet="3002", ine="2234567891B", nom="Šimić", prenom="Žofia", prenom2="Ÿvonne",
         naiss="10/10/2011", sexe="2", division="5B"),
    dict(id="300003", elenoet="3003", ine="2234567892C", nom="DUBOIS", prenom="Jean-Noël",
         naiss="31/12/2010", sexe="1", division="4C"),
]

ANOMALY_PUPILS = [
    dict(id="200001", ine="3234567890A", nom="SANSDATE", prenom="Paul", naiss=None, sexe="1", division="6A"),
    dict(id="200002", ine="3234567891B", nom="DATEFAUSSE", prenom="Inès", naiss="31/02/2012", sexe="2"),
    dict(id="200003", ine=None, nom="SANSINE", prenom="Théo", naiss="01/01/2012", sexe="1"),
    dict(id="200004", ine="3234567893D", nom="SANSPRENOM", prenom=None, naiss="02/02/2012", sexe="1"),
    dict(id="200005", ine="3234567894E", nom=None, prenom="Sansnom", naiss="03/03/2012", sexe="2"),
    dict(id="200006", ine="3234567895F", nom="MARTIN", prenom="Léa", naiss="05/05/2012", sexe="2"),
    dict(id="200007", ine="3234567896G", nom="Martin", prenom="LÉA", naiss="05/05/2012", sexe="2"),
    dict(id="200006", ine="3234567897H", nom="PETIT", prenom="Hugo", naiss="06/06/2012", sexe="1"),
    dict(id="200008", ine="3234567898J", nom="BERNARD", prenom="Lou", naiss="07/07/2012", sexe="X",
         entree="2025-09-01"),
]

ANOMALY_PERSONS = [
    dict(id="600001", civ="MME", nom="BERNARD", prenom="Sophie"),
    dict(id="600001", civ="MME", nom="BERNARD", prenom="Sophie"),
    dict(id="600002", civ="M.", nom="SANSPRENOM", prenom=None),
    dict(id="600003", civ="M.", nom="BERNARD", prenom="Marc", sms="oui"),
]

ANOMALY_LINKS = [
    ("200008", "600001", 1, "10"), ("999999", "600001", 2, "10"),
    ("200008", "688888", 1, "20"), ("200008", "600003", 9, "20"),
]

MALFORMED = f"""<?xml version="1.0" encoding="UTF-8"?>
<BEE_ELEVES VERSION="1.8">
<PARAMETRES>
<UAJ>{MAIN_UAI}</UAJ>
<ANNEE_SCOLAIRE>2025</ANNEE_SCOLAIRE>
</PARAMETRES>
<DONNEES>
<ELEVES>
<ELEVE ELEVE_ID="1">
<ID_NATIONAL>1234567890A</ID_NATIONAL>
<NOM_DE_FAMILLE>DUPONT</NOM_DE_FAMILLE>
<PRENOM>Léon</NOM>
</ELEVE>
</ELEVES>
</DONNEES>
</BEE_ELEVES>
"""

DOCTYPE = f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- a billion laughs -->
<!DOCTYPE BEE_ELEVES [
<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<BEE_ELEVES>
<PARAMETRES><UAJ>{MAIN_UAI}</UAJ></PARAMETRES>
<DONNEES><ELEVES><ELEVE ELEVE_ID="1"><NOM_DE_FAMILLE>&lol3;&xxe;</NOM_DE_FAMILLE></ELEVE></ELEVES></DONNEES>
</BEE_ELEVES>
"""

WRONG_ROOT = """<?xml version="1.0" encoding="ISO-8859-15"?>
<BEE_NOMENCLATURES VERSION="1.1">
<PARAMETRES><UAJ>0693456X</UAJ></PARAMETRES>
<DONNEES><MEFS><MEF CODE_MEF="10010012110"><LIBELLE_LONG>6EME</LIBELLE_LONG></MEF></MEFS></DONNEES>
</BEE_NOMENCLATURES>
"""


def write(path, text, encoding):
    with open(path, "w", encoding=encoding, newline="\n") as f:
        f.write(text)


def fixtures(out):
    os.makedirs(out, exist_ok=True)
    j = lambda name: os.path.join(out, name)
    pupils = pupils_document(MAIN_PUPILS)
    guardians = guardians_document(MAIN_PERSONS, MAIN_LINKS)
    write(j("ElevesSansAdresses.xml"), pupils, "iso8859_15")
    write(j("ResponsablesAvecAdresses.xml"), guardians, "iso8859_15")
    write(j("ElevesAvecAdresses-utf8.xml"), pupils_document(UTF8_PUPILS, "UTF-8", addresses=True), "utf-8")
    write(j("ElevesAnomalies.xml"), pupils_document(ANOMALY_PUPILS, "UTF-8"), "utf-8")
    write(j("ResponsablesAnomalies.xml"), guardians_document(ANOMALY_PERSONS, ANOMALY_LINKS, "UTF-8"), "utf-8")
    other = [dict(p, id=str(int(p["id"]) + 50000)) for p in MAIN_PUPILS[:2]]
    write(j("ElevesAutreEtablissement.xml"), pupils_document(other, uaj=OTHER_UAI), "iso8859_15")
    write(j("invalid_uaj.xml"), pupils_document(MAIN_PUPILS[:1], uaj="0693456" + ("Z" if MAIN_UAI[-1] != "Z" else "Y")),
          "iso8859_15")
    write(j("missing_uaj.xml"), pupils_document(MAIN_PUPILS[:1], uaj="").replace("<UAJ></UAJ>\n", ""), "iso8859_15")
    write(j("malformed.xml"), MALFORMED, "utf-8")
    write(j("truncated.xml"), pupils[: len(pupils) // 2], "iso8859_15")
    write(j("wrong_root.xml"), WRONG_ROOT, "iso8859_15")
    write(j("doctype_entities.xml"), DOCTYPE, "utf-8")
    write(j("too_deep.xml"), '<?xml version="1.0"?>\n<BEE_ELEVES>' + "<X>" * 40 + "</X>" * 40 + "</BEE_ELEVES>\n", "utf-8")
    write(j("empty.xml"), "", "utf-8")

    def zipped(name, entries):
        with zipfile.ZipFile(j(name), "w", zipfile.ZIP_DEFLATED) as z:
            for entry, data in entries:
                info = zipfile.ZipInfo(entry, date_time=(2025, 9, 2, 8, 15, 42))
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, data)

    pupils_bytes = pupils.encode("iso8859_15")
    guardians_bytes = guardians.encode("iso8859_15")
    readme = "Export SIECLE BEE (fichier de test inventé).\n".encode("utf-8")
    zipped("export.zip", [("ElevesSansAdresses.xml", pupils_bytes),
                          ("ResponsablesAvecAdresses.xml", guardians_bytes), ("LISEZMOI.txt", readme)])
    zipped("no_export.zip", [("LISEZMOI.txt", readme), ("Nomenclature.xml", WRONG_ROOT.encode("iso8859_15"))])
    with open(j("export.zip"), "rb") as f:
        whole = f.read()
    with open(j("truncated.zip"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    # Flip bytes in the middle of the first entry's compressed data (bad checksum / bad deflate).
    name_len = int.from_bytes(whole[26:28], "little")
    extra_len = int.from_bytes(whole[28:30], "little")
    size = int.from_bytes(whole[18:22], "little")
    start = 30 + name_len + extra_len + size // 2
    corrupt = bytearray(whole)
    for k in range(start, start + 8):
        corrupt[k] ^= 0x5A
    with open(j("corrupt.zip"), "wb") as f:
        f.write(bytes(corrupt))
    # Intact data, wrong CRC-32 in both headers: only the checksum can tell.
    with zipfile.ZipFile(j("bad_crc.zip"), "w", zipfile.ZIP_STORED) as z:
        info = zipfile.ZipInfo("ElevesSansAdresses.xml", date_time=(2025, 9, 2, 8, 15, 42))
        z.writestr(info, pupils_bytes)
    with open(j("bad_crc.zip"), "rb") as f:
        data = bytearray(f.read())
    crc = bytes(data[14:18])
    wrong = bytes(b ^ 0xFF for b in crc)
    data = data.replace(crc, wrong)
    with open(j("bad_crc.zip"), "wb") as f:
        f.write(bytes(data))
    bomb = pupils_document(MAIN_PUPILS[:1]).replace("<DONNEES>", "<DONNEES>" + " " * (20 * 1024 * 1024), 1)
    zipped("bomb.zip", [("ElevesSansAdresses.xml", bomb.encode("iso8859_15"))])


FIRST = ["Louis", "Gabriel", "Léo", "Raphaël", "Arthur", "Noé", "Jules", "Adam", "Maël", "Lucas", "Hugo",
         "Jean-Baptiste", "Anaïs", "Jade", "Louise", "Emma", "Ambre", "Alice", "Rose", "Chloé", "Léna", "Inès",
         "Zoé", "Éloïse", "Maëlle", "Noémie", "Héloïse", "Aïssatou", "Françoise", "Clément", "Loïc", "Agnès"]
LAST = ["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY", "MOREAU",
        "LEFÈVRE", "GARÇON", "N'DIAYE", "de La Tour", "MOREAU-LAMBERT", "CŒURDACIER", "BŒUF", "FRANÇOIS",
        "MÜLLER", "GIRARD", "ROUSSEAU", "BLANC", "GUÉRIN", "FAURE", "ANDRÉ", "MERCIER", "DUPONT", "LAMBERT"]


def large(out, n_pupils, n_guardians, digits, seed, make_zip=False):
    write_large(out, n_pupils, n_guardians, digits, seed)
    if make_zip:
        with zipfile.ZipFile(os.path.join(out, "export.zip"), "w", zipfile.ZIP_DEFLATED) as z:
            for name in ("ElevesSansAdresses.xml", "ResponsablesAvecAdresses.xml"):
                if os.path.exists(os.path.join(out, name)):
                    z.write(os.path.join(out, name), name)


def write_large(out, n_pupils, n_guardians, digits, seed):
    os.makedirs(out, exist_ok=True)
    rng = random.Random(seed)
    code = uai(digits)
    divisions = [f"{lvl}{c}" for lvl in "6543" for c in "ABCDEFGH"]
    pupils_path = os.path.join(out, "ElevesSansAdresses.xml")
    with open(pupils_path, "w", encoding="iso8859_15", newline="\n") as f:
        f.write(header("BEE_ELEVES", "ISO-8859-15", code))
        f.write("<ELEVES>\n")
        for i in range(n_pupils):
            f.write(pupil_xml(dict(
                id=str(1000000 + i), elenoet=str(10000 + i), ine=f"{rng.randrange(10**9, 10**10)}{LETTERS[i % 23]}",
                nom=rng.choice(LAST), prenom=rng.choice(FIRST), prenom2=rng.choice(FIRST) if i % 3 == 0 else None,
                naiss=f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2008, 2014)}",
                sexe=str(1 + i % 2))))
        f.write("</ELEVES>\n<STRUCTURES>\n")
        for i in range(n_pupils):
            groups = ["LATIN"] if i % 7 == 0 else []
            f.write(structures_xml(dict(id=str(1000000 + i), elenoet=str(10000 + i),
                                        division=divisions[i % len(divisions)], groups=groups)))
        f.write("</STRUCTURES>\n</DONNEES>\n</BEE_ELEVES>\n")
    if n_guardians <= 0:
        return
    with open(os.path.join(out, "ResponsablesAvecAdresses.xml"), "w", encoding="iso8859_15", newline="\n") as f:
        f.write(header("BEE_RESPONSABLES", "ISO-8859-15", code))
        f.write("<PERSONNES>\n")
        for k in range(n_guardians):
            f.write(person_xml(dict(id=str(5000000 + k), civ="MME" if k % 2 == 0 else "M.", nom=rng.choice(LAST),
                                    prenom=rng.choice(FIRST), portable=f"06 {k % 100:02d} 00 00 00",
                                    mel=f"responsable{k}@example.fr", sms=str(k % 2), adresse=str(9000000 + k))))
        f.write("</PERSONNES>\n<RESPONSABLES>\n")
        for k in range(n_guardians):
            pupil = k % max(1, n_pupils)
            rank = 1 if k < n_pupils else 2
            f.write(link_xml(str(1000000 + pupil), str(5000000 + k), rank, "10" if rank == 1 else "20"))
        f.write("</RESPONSABLES>\n</DONNEES>\n</BEE_RESPONSABLES>\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["fixtures", "large"])
    parser.add_argument("out")
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--guardians", type=int, default=0)
    parser.add_argument("--uai", default="0693456", help="the seven digits; the letter is computed")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--zip", action="store_true", help="also write export.zip (large mode)")
    args = parser.parse_args()
    if args.mode == "fixtures":
        fixtures(args.out)
    else:
        large(args.out, args.pupils, args.guardians, args.uai, args.seed, args.zip)


if __name__ == "__main__":
    main()
