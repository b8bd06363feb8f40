"""What parents and pupils do, in a real headless Chromium on a phone-sized
screen, against a running `sesame serve --demo`.

Usage: journeys.py BASE_URL SCREENSHOT_DIR
Prints one JSON object: the UAI each demo ENT received per journey, the
screenshots written, and every accessibility problem found on the pages
(unlabelled fields, horizontal scrolling at 360 px, text contrast < 4.5:1).
Exits non-zero when a step cannot be done.
"""
import json
import os
import re
import sys
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

BASE, SHOTS = sys.argv[1], sys.argv[2]
os.makedirs(SHOTS, exist_ok=True)
PHONE_WIDTH = 360
problems = []
screenshots = []

# Computes, in the page, what a person using a phone, a keyboard or a
# screen reader would trip over.
AUDIT_JS = r"""
const issues = [];
function rgb(s) { const m = s.match(/[\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 0]; }
function lum(c) { const v = c.slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; }
function background(el) { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
  if (c.length < 4 || c[3] > 0) return c; } return [255, 255, 255]; }
for (const input of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
  const labelled = (input.id && document.querySelector('label[for="' + input.id + '"]')) || input.getAttribute('aria-label');
  if (!labelled) issues.push('field without label: ' + (input.name || input.outerHTML.slice(0, 60)));
}
for (const el of document.querySelectorAll('h1, h2, p, label, a, button, legend, dt, dd, td, th, li, span, strong, caption')) {
  if (!el.offsetParent || !el.textContent.trim()) continue;
  const style = getComputedStyle(el);
  const fg = rgb(style.color), bg = background(el);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  const ratio = (a + 0.05) / (b + 0.05);
  if (ratio < 4.5) issues.push('contrast ' + ratio.toFixed(2) + ' for "' + el.textContent.trim().slice(0, 40) + '"');
}
if (document.documentElement.scrollWidth > window.innerWidth + 1)
  issues.push('horizontal scrolling: page is ' + document.documentElement.scrollWidth + ' px wide');
if (!document.documentElement.lang) issues.push('no lang attribute');
return issues;
"""


def browser():
    options = Options()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 f"--window-size={PHONE_WIDTH},900", "--lang=fr-FR", "--force-device-scale-factor=1"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    driver.set_page_load_timeout(20)
    return driver


def wait(driver, css, seconds=15):
    return WebDriverWait(driver, seconds).until(ready.presence_of_element_located((By.CSS_SELECTOR, css)))


def check(driver, name):
    """Audits the page and saves a full-height screenshot at phone width."""
    for issue in driver.execute_script(AUDIT_JS):
        problems.append(f"{name}: {issue}")
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(PHONE_WIDTH, max(600, min(height + 140, 4000)))
    path = os.path.join(SHOTS, name + ".png")
    driver.save_screenshot(path)
    screenshots.append(path)
    driver.set_window_size(PHONE_WIDTH, 900)


def log_in(driver, identifier, password, shot=None):
    """Types like a keyboard user: the identifier field has the focus."""
    wait(driver, "#username")
    if shot:
        check(driver, shot)
    active = driver.switch_to.active_element
    if active.get_attribute("id") != "username":
        raise SystemExit("the identifier field does not have the focus on the login page")
    active.send_keys(identifier, Keys.TAB)
    driver.switch_to.active_element.send_keys(password, Keys.ENTER)


def received_uai(driver):
    return wait(driver, "#uai-recu").text.strip()


def choose_establishment(driver, uai, remember, shot):
    wait(driver, "input[name=establishment]")
    offered = sorted(e.get_attribute("value") for e in driver.find_elements(By.CSS_SELECTOR, "input[name=establishment]"))
    check(driver, shot)
    # Keyboard only: focus the radio, select it with the space bar.
    driver.find_element(By.ID, "etab-" + uai).send_keys(Keys.SPACE)
    if remember:
        driver.find_element(By.ID, "remember").send_keys(Keys.SPACE)
    driver.find_element(By.CSS_SELECTOR, "form[action='/etablissement'] button[type=submit]").send_keys(Keys.ENTER)
    return offered


def portal_search(driver, level, text, shot):
    driver.get(BASE + "/")
    wait(driver, "#q")
    driver.find_element(By.CSS_SELECTOR, f"label[for=niveau-{level}]").click()
    field = driver.find_element(By.ID, "q")
    field.clear()
    field.send_keys(text, Keys.ENTER)
    wait(driver, "input[name=etab]")
    check(driver, shot)


def main():
    accounts = json.load(urllib.request.urlopen(BASE + "/demo/accounts.json"))
    schools = {e for a in accounts for e in a["establishments"]}
    ecole, college, lycee = sorted(schools)  # the demo UAIs sort école, collège, lycée
    two_secondary = next(a for a in accounts if a["role"] == "guardian" and sorted(a["establishments"]) == [college, lycee])
    ecole_college = next(a for a in accounts if a["role"] == "guardian" and sorted(a["establishments"]) == [ecole, college])
    pupil = next(a for a in accounts if a["role"] == "pupil" and a["establishments"] == [college])
    result = {"accounts": {"parent": two_secondary["identifier"], "parentEcole": ecole_college["identifier"], "pupil": pupil["identifier"]}}

    # 1. A parent with children in the collège and the lycée: portal → SAML ENT → login → choice → ENT.
    driver = browser()
    try:
        portal_search(driver, "college", "curie", "01-portail-recherche")
        driver.find_element(By.CSS_SELECTOR, f"label[for=etab-{college}]").click()
        driver.find_element(By.CSS_SELECTOR, "label[for=memo-oui]").click()
        driver.find_element(By.CSS_SELECTOR, "form[action='/portail'] button[type=submit]").click()
        log_in(driver, two_secondary["identifier"], two_secondary["password"], shot="02-connexion")
        # The school picked on the portal travels with the trip: no second question.
        result["portalCarried"] = received_uai(driver)
        result["portalAskedAgain"] = "/etablissement" in driver.current_url

        # 1b. Another day, the same ENT reached another way (its own address,
        # no portal pick): the choice page. (Within a session the pick holds.)
        driver.delete_cookie("sesame_portail_choix")
        driver.delete_cookie("sesame_session")
        driver.get(BASE + "/demo/ent/ent-departement/")
        log_in(driver, two_secondary["identifier"], two_secondary["password"])
        result["offered"] = choose_establishment(driver, college, remember=True, shot="03-choix-etablissement")
        result["firstVisit"] = received_uai(driver)
        check(driver, "04-ent-departement-saml")

        # 2. Next visit (new session, remembered portal choice and establishment): no question.
        driver.delete_cookie("sesame_session")
        driver.get(BASE + "/")
        wait(driver, "#titre-memo")
        check(driver, "05-portail-memorise")
        driver.find_element(By.CSS_SELECTOR, "#titre-memo ~ form[action='/portail'] button").click()
        log_in(driver, two_secondary["identifier"], two_secondary["password"])
        result["secondVisit"] = received_uai(driver)
        driver.get(BASE + "/compte")
        wait(driver, "#titre-choix")
        check(driver, "06-compte-choix-memorise")

        # 3. The lycée-only portal never offers the collège: no question at all.
        driver.get(BASE + "/demo/ent/portail-lycees/")
        result["lyceePortal"] = received_uai(driver)
        check(driver, "07-portail-lycees")
    finally:
        driver.quit()

    # 4. A pupil goes straight through.
    driver = browser()
    try:
        driver.get(BASE + "/demo/ent/ent-departement/")
        log_in(driver, pupil["identifier"], pupil["password"])
        result["pupil"] = received_uai(driver)
        result["pupilAskedToChoose"] = "/etablissement" in driver.current_url
        check(driver, "08-eleve-ent")
    finally:
        driver.quit()

    # 5. A parent with children in the école and the collège, through the CAS ENT.
    driver = browser()
    try:
        portal_search(driver, "ecole", "tilleuls", "09-portail-ecole")
        driver.find_element(By.CSS_SELECTOR, f"label[for=etab-{ecole}]").click()
        driver.find_element(By.CSS_SELECTOR, "label[for=memo-non]").click()
        driver.find_element(By.CSS_SELECTOR, "form[action='/portail'] button[type=submit]").click()
        log_in(driver, ecole_college["identifier"], ecole_college["password"])
        # Picked on the portal: entered without a question, as for SAML.
        result["casPortalCarried"] = received_uai(driver)
        driver.delete_cookie("sesame_portail_choix")
        driver.delete_cookie("sesame_session")
        driver.get(BASE + "/demo/ent/ent-ecoles/")
        log_in(driver, ecole_college["identifier"], ecole_college["password"])
        result["offeredCAS"] = choose_establishment(driver, ecole, remember=False, shot="10-choix-cas")
        result["cas"] = received_uai(driver)
        check(driver, "11-ent-ecoles-cas")
        result["portalRememberedAfterNo"] = bool(driver.get_cookie("sesame_portail"))

        # 5b. "Vous êtes dans : école — changer": the collège's ENT from Mes services, no logout, no question.
        driver.get(BASE + "/compte")
        wait(driver, "a[href='#titre-etab']")
        result["homeSaysWhere"] = "Vous êtes dans" in driver.page_source
        check(driver, "21-mes-services-vous-etes-dans")
        driver.find_element(By.CSS_SELECTOR, "a[href='#titre-etab']").send_keys(Keys.ENTER)
        driver.find_element(By.CSS_SELECTOR, f"form[action='/portail'] input[name=etab][value='{college}'] ~ button").send_keys(Keys.ENTER)
        result["switched"] = received_uai(driver)
        result["switchAskedAgain"] = "/etablissement" in driver.current_url or "/login" in driver.current_url
    finally:
        driver.quit()

    # 6. A parent who never activated: "Je n'ai pas de compte", SMS code read in the demo outbox, children, password.
    newcomer = next(a for a in accounts if a["role"] == "guardian" and not a["password"])
    child = next(a for a in accounts if a["role"] == "pupil" and a["establishments"] == newcomer["establishments"]
                 and "Lefèvre" in a["note"])
    born = re.search(r"(\d{2}/\d{2}/\d{4})", child["note"]).group(1)
    driver = browser()
    try:
        driver.get(BASE + "/login")
        driver.find_element(By.LINK_TEXT, "Je n'ai pas de compte").click()
        wait(driver, "a[href^='/inscription']")
        check(driver, "12-je-n-ai-pas-de-compte")
        driver.find_element(By.CSS_SELECTOR, "a[href^='/inscription']").click()
        wait(driver, "#nom").send_keys("Lefèvre")
        driver.find_element(By.ID, "prenom").send_keys("Thomas")
        driver.find_element(By.ID, "mobile").send_keys("06 12 34 56 07", Keys.ENTER)
        wait(driver, "#code")
        check(driver, "13-code-sms")
        code_page = driver.current_url
        driver.get(BASE + "/demo/outbox")
        text = wait(driver, "pre.texte").text
        check(driver, "14-demo-outbox")
        code = re.search(r"(\d{6})", text).group(1)
        driver.get(code_page)
        wait(driver, "#code").send_keys(code, Keys.ENTER)
        field = wait(driver, "input[name^=naissance]")
        # On the numeric keypad there is no "/": the digits alone.
        field.send_keys(born.replace("/", ""))
        check(driver, "15-enfants")
        field.send_keys(Keys.ENTER)
        password = wait(driver, "#password")
        identifier = driver.find_element(By.CSS_SELECTOR, ".identifiant").text
        password.send_keys("Ciel-Bleu-2026")
        ticked = len(driver.find_elements(By.CSS_SELECTOR, "#criteres li.ok"))
        driver.find_element(By.ID, "confirmation").send_keys("Ciel-Bleu-2026")
        check(driver, "16-mot-de-passe")
        driver.find_element(By.ID, "confirmation").send_keys(Keys.ENTER)
        wait(driver, "#titre-identite")
        check(driver, "17-compte-active")
        result["selfService"] = {"identifier": identifier, "expected": newcomer["identifier"], "criteriaTicked": ticked,
                                 "activated": "activé" in driver.page_source, "welcomed": "Bienvenue" in driver.page_source}
    finally:
        driver.quit()

    # 7. The collège's head notifies a pupil from the console; the letter, on screen and as printed.
    driver = browser()
    try:
        driver.get(BASE + "/admin/connexion")
        wait(driver, "#login").send_keys("chef.college", Keys.TAB)
        driver.switch_to.active_element.send_keys("Chef-Demo-2026", Keys.ENTER)
        wait(driver, "a[href^='/admin/etablissement/']").click()
        first = wait(driver, "input[type=checkbox][name^=compte-]")
        check(driver, "18-console-etablissement")
        first.send_keys(Keys.SPACE)
        driver.find_element(By.ID, "reinit").send_keys(Keys.SPACE)
        driver.find_element(By.CSS_SELECTOR, "form[action$='/actions'] button[type=submit]").click()
        letter_identifier = wait(driver, ".lettre .identifiant").text
        letter_password = driver.find_element(By.CSS_SELECTOR, ".lettre .provisoire").text
        check(driver, "19-courrier-ecran")
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        driver.save_screenshot(os.path.join(SHOTS, "20-courrier-impression.png"))
        screenshots.append(os.path.join(SHOTS, "20-courrier-impression.png"))
        result["letterPrintHidesConsole"] = not driver.find_element(By.CSS_SELECTOR, "nav.console").is_displayed()
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    finally:
        driver.quit()
    driver = browser()
    try:
        driver.get(BASE + "/login")
        log_in(driver, letter_identifier, letter_password)
        wait(driver, "#password")
        result["letterWorks"] = "/activation" in driver.current_url
    finally:
        driver.quit()

    # 8. A side road from an ENT ends in that ENT: "Mot de passe perdu" from
    # the CAS ENT's login, the SMS code, a new password, then the ENT.
    driver = browser()
    try:
        driver.get(BASE + "/demo/ent/ent-ecoles/")
        wait(driver, "#username")
        result["logoLeadsBack"] = "/cas/login" in (driver.find_element(By.CSS_SELECTOR, "a.marque").get_attribute("href") or "")
        driver.find_element(By.PARTIAL_LINK_TEXT, "Mot de passe perdu").click()
        wait(driver, "#identifier")
        result["recoverySteps"] = [driver.find_element(By.CSS_SELECTOR, "p.etape").text]
        check(driver, "22-mot-de-passe-perdu-etape")
        driver.switch_to.active_element.send_keys(ecole_college["identifier"], Keys.ENTER)
        wait(driver, "#code")
        result["recoverySteps"].append(driver.find_element(By.CSS_SELECTOR, "p.etape").text)
        code_page = driver.current_url
        driver.get(BASE + "/demo/outbox")
        code = re.search(r"(\d{6})", wait(driver, "pre.texte").text).group(1)
        driver.get(code_page)
        wait(driver, "#code").send_keys(code, Keys.ENTER)
        wait(driver, "#password").send_keys("Nuage-Clair-2027")
        result["recoverySteps"].append(driver.find_element(By.CSS_SELECTOR, "p.etape").text)
        driver.find_element(By.ID, "confirmation").send_keys("Nuage-Clair-2027")
        check(driver, "23-nouveau-mot-de-passe-etape")
        driver.find_element(By.ID, "confirmation").send_keys(Keys.ENTER)
        choose_establishment(driver, ecole, remember=False, shot="24-retour-ent-choix")
        result["sideRoadEndsInENT"] = received_uai(driver)
    finally:
        driver.quit()

    # 9. A pupil on "Mot de passe perdu": no SMS to choose, the page everyone sees.
    driver = browser()
    try:
        driver.get(BASE + "/mot-de-passe-perdu")
        result["pupilOfferedSMS"] = bool(driver.find_elements(By.CSS_SELECTOR, "input[value=sms]"))
        wait(driver, "#identifier").send_keys(pupil["identifier"], Keys.ENTER)
        wait(driver, "h1")
        result["pupilLostPasswordBrokenFrench"] = "au votre" in driver.page_source
        check(driver, "25-eleve-mot-de-passe-perdu")
    finally:
        driver.quit()

    result.update(uais={"ecole": ecole, "college": college, "lycee": lycee}, screenshots=screenshots, problems=problems)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
