// Ticks each criterion of the password rule as the person types; the
// server checks the same rule, so this is help, not enforcement.
(function () {
  var field = document.getElementById("password");
  if (!field) return;
  var tests = {
    longueur: function (p) { return p.length >= 8; },
    minuscule: function (p) { return /\p{Ll}/u.test(p); },
    majuscule: function (p) { return /\p{Lu}/u.test(p); },
    chiffre: function (p) { return /[0-9]/.test(p); },
    special: function (p) { return /[^\p{L}0-9]/u.test(p); }
  };
  function update() {
    Object.keys(tests).forEach(function (name) {
      var item = document.getElementById("critere-" + name);
      if (item) item.className = tests[name](field.value) ? "ok" : "";
    });
  }
  field.addEventListener("input", update);
  update();
})();
