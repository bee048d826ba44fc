// The campaign contents editor (campaigns/edit/contents.html): how htmx treats the answers of the editing views.
(function () {
  "use strict";
  // Forms with errors (400) and refusals (403) come back as fragments to show; other errors as a message.
  htmx.config.responseHandling = [
    {code: "204", swap: false},
    {code: "[23]..", swap: true},
    {code: "40[03]", swap: true},
    {code: "[45]..", swap: false, error: true},
  ];
  function showEditorError(event) {
    const box = document.getElementById("editor-alert");
    const alert = document.createElement("div");
    alert.className = "alert alert-danger";
    alert.setAttribute("role", "alert");
    const status = event.detail.xhr ? event.detail.xhr.status : "";
    alert.textContent = box.dataset.error + (status ? " (" + status + ")" : "");
    box.replaceChildren(alert);
  }
  document.body.addEventListener("htmx:responseError", showEditorError);
  document.body.addEventListener("htmx:sendError", showEditorError);
})();
