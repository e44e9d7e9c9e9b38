// Site-wide behaviour. No inline scripts anywhere: pages opt in with data- attributes.
(function () {
  "use strict";
  // <form data-confirm="…">: ask before submitting something that cannot be undone.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
  // <select data-autosubmit>: submit the form when the choice changes.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });
  // <button data-print>: print the page (receipts, notices, case sheets).
  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("[data-print]");
    if (el) { window.print(); }
  });
  // htmx requests carry the CSRF token of the page (the cookie is HttpOnly).
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
  });
})();
