// Behaviour every page may use, declared in the markup with data attributes: the Content-Security-Policy allows no
// inline script, no on…= handler and no style="…" attribute (see README, Configuration).
//   <form data-confirm="Question?">          asks before submitting; cancelling submits nothing
//   <select data-submit-on-change>            submits its form when the choice changes
//   <form data-submit-once>                   disables its submit buttons once it is sent
//   <a data-remove-form>                      removes the form it is in instead of following the link (htmx editors)
//   <div data-progress="42">                  sets the element's width to 42 % (a progress bar)
//   <td data-indent="2">                      indents a row of a tree by its depth: padding-left 2.5 rem
//   <form data-focus-invalid>                 on load, scrolls its first refused field (.is-invalid) into view and
//                                             focuses it, so that its message (beside it) is what the user reads
//   <form data-warn-unsaved="Question?">      once a field of it is changed and until it is sent, asks before a link
//                                             leaves the page (another page of a grid) and lets the browser warn
//                                             before the tab is closed or reloaded
// Styles set through the CSSOM (element.style.width = …) are allowed by the policy; setAttribute("style") is not.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const question = form.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    if (form.hasAttribute("data-submit-once") && !event.defaultPrevented) {
      form.querySelectorAll("[type=submit]").forEach(function (button) {
        // After the browser has read the form: disabling the button before would drop its name from the data.
        window.setTimeout(function () { button.disabled = true; }, 0);
      });
    }
  });

  document.addEventListener("change", function (event) {
    const control = event.target;
    if (!control.hasAttribute || !control.hasAttribute("data-submit-on-change") || !control.form) return;
    if (control.form.requestSubmit) control.form.requestSubmit();
    else control.form.submit();
  });

  document.addEventListener("click", function (event) {
    const link = event.target.closest ? event.target.closest("[data-remove-form]") : null;
    if (!link) return;
    const form = link.closest("form");
    if (!form) return;
    event.preventDefault();
    form.remove();
  });

  // Unsaved edits: a changed form marks itself; sending it clears the mark.
  document.addEventListener("input", function (event) {
    const form = event.target.form;
    if (form && form.hasAttribute("data-warn-unsaved")) form.dataset.unsaved = "1";
  });
  document.addEventListener("submit", function (event) {
    if (event.target instanceof HTMLFormElement) delete event.target.dataset.unsaved;
  }, true);
  function unsavedForm() {
    return document.querySelector("form[data-warn-unsaved][data-unsaved]");
  }
  document.addEventListener("click", function (event) {
    const link = event.target.closest ? event.target.closest("a[href]") : null;
    const form = unsavedForm();
    if (!link || !form || link.closest("form") === form && link.hasAttribute("data-remove-form")) return;
    if (link.target === "_blank" || link.getAttribute("href").startsWith("#") || link.hasAttribute("download")) return;
    if (window.confirm(form.dataset.warnUnsaved)) delete form.dataset.unsaved;
    else event.preventDefault();
  });
  window.addEventListener("beforeunload", function (event) {
    if (!unsavedForm()) return;
    event.preventDefault();
    event.returnValue = "";  // the browser shows its own question
  });

  function within(scope, selector) {
    const elements = Array.from(scope.querySelectorAll(selector));
    if (scope.matches && scope.matches(selector)) elements.push(scope);
    return elements;
  }

  function apply(root) {
    const scope = root && root.querySelectorAll ? root : document;
    within(scope, "[data-progress]").forEach(function (element) {
      const value = Number(element.dataset.progress);
      if (Number.isFinite(value)) element.style.width = Math.max(0, Math.min(100, value)) + "%";
    });
    within(scope, "[data-indent]").forEach(function (element) {
      const depth = Number(element.dataset.indent);
      if (Number.isFinite(depth)) element.style.paddingLeft = depth + 0.5 + "rem";
    });
  }

  function focusFirstInvalid() {
    const field = document.querySelector("form[data-focus-invalid] .is-invalid");
    if (!field) return;
    field.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", focusFirstInvalid);
  else focusFirstInvalid();

  // htmx.onLoad runs for the page and again for every fragment htmx swaps in (the job page polls its status).
  if (window.htmx) window.htmx.onLoad(apply);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { apply(document); });
  else apply(document);
})();
