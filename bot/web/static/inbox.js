// The inbox list refreshes itself. Every few seconds it asks /inbox/queue.json
// (same filters) for the list's version; when that changed it fetches the page
// again and swaps in the new list, so new handoffs show up without a reload.
// Own code only (the page's CSP allows no other script and no inline script).
(function () {
  "use strict";
  var queue = document.getElementById("queue");
  var status = document.getElementById("queue-status");
  if (!queue || !window.fetch || !window.DOMParser) {
    return;
  }
  var every = Number(queue.getAttribute("data-poll-ms")) || 5000;
  // Requests made without the advisor: the server does not count them as
  // activity, so an unattended list still logs out after INBOX_SESSION_IDLE.
  var automatic = { "X-Inbox-Automatic": "1" };

  function announce(fresh) {
    var total = Number(fresh.getAttribute("data-total"));
    var before = Number(queue.getAttribute("data-total"));
    var waiting = Number(fresh.getAttribute("data-waiting"));
    var parts = ["List updated"];
    if (total > before) {
      parts.push((total - before) + " new");
    }
    if (waiting > 0) {
      parts.push(waiting + " waiting for someone to take them");
    }
    status.textContent = parts.join(": ") + ".";
  }

  function swap() {
    return fetch(window.location.href, { credentials: "same-origin", cache: "no-store", headers: automatic })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("queue");
        if (!fresh) {
          window.location.reload(); // logged out: show the login page
          return;
        }
        announce(fresh);
        // Keep the keyboard where it was when a button inside the list had it.
        var focused = document.activeElement && queue.contains(document.activeElement)
          ? document.activeElement.getAttribute("aria-label") : null;
        queue.replaceWith(fresh);
        queue = fresh;
        if (focused) {
          var again = queue.querySelector("[aria-label=\"" + focused.replace(/"/g, "") + "\"]");
          if (again) { again.focus(); }
        }
      });
  }

  function poll() {
    var url = queue.getAttribute("data-poll-url");
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: automatic })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("application/json") !== 0) {
          window.location.reload(); // the session ended: the reload shows the login page
          return null;
        }
        return response.json();
      })
      .then(function (state) {
        if (state && state.version !== queue.getAttribute("data-version")) {
          return swap();
        }
        return null;
      })
      .catch(function () { /* offline for a moment: try again next time */ })
      .then(function () { window.setTimeout(poll, every); });
  }

  window.setTimeout(poll, every);
}());
