/* What the printed sheets share, the handout and the language poster (handout.js,
   poster.js): a sheet fitted to one A4 page, and a QR code as an SVG picture, drawn with qrcode-generator (assets/qrcode/qrcode.js, MIT): black
   modules on white with the quiet zone of four modules, `data-qr` holding the address.
   `label` is the picture's name, with "%(url)s" for the address. */
/* global qrcode */
window.kimQrCode = function (url, label) {
  "use strict";
  qrcode.stringToBytes = qrcode.stringToBytesFuncs["UTF-8"];
  var code = qrcode(0, "M");
  code.addData(url);
  code.make();
  var size = code.getModuleCount(), quiet = 4, path = [];
  for (var row = 0; row < size; row++) {
    for (var col = 0; col < size; col++) {
      if (code.isDark(row, col)) path.push("M" + (col + quiet) + " " + (row + quiet) + "h1v1h-1z");
    }
  }
  var ns = "http://www.w3.org/2000/svg", full = size + 2 * quiet;
  var svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 " + full + " " + full);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label.replace("%(url)s", url));
  svg.setAttribute("data-qr", url);
  svg.setAttribute("shape-rendering", "crispEdges");
  var background = document.createElementNS(ns, "rect");
  background.setAttribute("width", full);
  background.setAttribute("height", full);
  background.setAttribute("fill", "#fff");
  var modules = document.createElementNS(ns, "path");
  modules.setAttribute("d", path.join(""));
  modules.setAttribute("fill", "#000");
  svg.appendChild(background);
  svg.appendChild(modules);
  return svg;
};

/* `sheet` made smaller (its `--kim-<name>-scale`, by `step`, down to half) until it fits
   one A4 page less the line with the address and date below it, measured as wide as on
   paper (class `kim-<name>--paper`). */
window.kimFitToPage = function (sheet, name, step) {
  "use strict";
  var limit = (277 - 12) * 96 / 25.4, scale = 1, property = "--kim-" + name + "-scale";
  sheet.classList.add("kim-" + name + "--paper");
  sheet.style.setProperty(property, scale);
  while (sheet.scrollHeight > limit && scale > 0.5) {
    scale -= step;
    sheet.style.setProperty(property, scale.toFixed(2));
  }
  sheet.classList.remove("kim-" + name + "--paper");
};
