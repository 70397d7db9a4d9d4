// CodeMirror on the exercise's textarea; its text is copied back before htmx sends the form.
(function () {
  var textarea = document.getElementById("source");
  if (!textarea || !window.CodeMirror) return;
  var editor = CodeMirror.fromTextArea(textarea, {
    mode: "python", lineNumbers: true, indentUnit: 4, matchBrackets: true,
    extraKeys: { Tab: function (cm) { cm.replaceSelection("    "); } },
  });
  window.exerciseEditor = editor;
  var form = document.getElementById("submit-form");
  form.addEventListener("submit", function () { editor.save(); });
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt === form) { editor.save(); event.detail.parameters["source"] = textarea.value; }
  });
  document.body.addEventListener("submitted", function () {
    document.getElementById("form-error").textContent = "";
    var none = document.getElementById("no-submissions");
    if (none) none.remove();
    var file = form.querySelector("input[type=file]");
    if (file) file.value = "";
  });
})();
