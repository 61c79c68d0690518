// reportlint serve: drop or paste files onto the upload form. The form works without this
// script (a plain POST); the script only fills the file field and says what was chosen.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("upload");
    if (!form) { return; }
    var input = document.getElementById("file");
    var drop = document.getElementById("drop");
    var chosen = document.getElementById("chosen");
    var button = document.getElementById("submit");

    function show() {
      var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
      chosen.textContent = names.length ? chosen.dataset.label + names.join(", ") : "";
    }
    function take(files) {
      if (!files || !files.length) { return false; }
      var transfer = new DataTransfer();
      Array.prototype.forEach.call(files, function (f) { transfer.items.add(f); });
      input.files = transfer.files;
      show();
      return true;
    }
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (event) {
        event.preventDefault();
        drop.classList.add("over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      drop.addEventListener(name, function () { drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      take(event.dataTransfer.files);
    });
    document.addEventListener("paste", function (event) {
      // files pasted anywhere on the page; pasted text goes to the text box as usual
      if (event.clipboardData && take(event.clipboardData.files)) { event.preventDefault(); }
    });
    var label = button.textContent;
    form.addEventListener("submit", function () {
      button.textContent = button.dataset.busy;
      button.disabled = true;
    });
    window.addEventListener("pageshow", function () {  // back from the result page
      button.textContent = label;
      button.disabled = false;
    });
  });
})();
