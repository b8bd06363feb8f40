// Submits the hand-off form at once; without JavaScript the button does it.
document.getElementById("autopost").submit();
