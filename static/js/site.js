// Render LaTeX with KaTeX on load and in every fragment htmx swaps in.
(function () {
  function renderMath(root) {
    if (!window.renderMathInElement) return;
    window.renderMathInElement(root, {
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "\\[", right: "\\]", display: true },
        { left: "$", right: "$", display: false },
        { left: "\\(", right: "\\)", display: false },
      ],
      ignoredTags: ["script", "noscript", "style", "textarea", "pre", "code"],
      throwOnError: false,
    });
  }
  document.addEventListener("DOMContentLoaded", function () { renderMath(document.body); });
  document.addEventListener("htmx:afterSwap", function (event) { renderMath(event.target); });
})();

// Deadlines: the reader's time zone goes to the server once (the ``tz`` cookie), and every
// ``.countdown[data-until]`` counts down in her language.
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("tz=" + zone) === -1) {
      document.cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax";
    }
  } catch (e) { /* an old browser: the site's default zone stays */ }
  function tick() {
    var format = window.Intl && Intl.RelativeTimeFormat
      ? new Intl.RelativeTimeFormat(document.documentElement.lang || undefined, { numeric: "auto" }) : null;
    if (!format) return;
    document.querySelectorAll(".countdown[data-until]").forEach(function (el) {
      var seconds = (Date.parse(el.getAttribute("data-until")) - Date.now()) / 1000;
      if (isNaN(seconds)) return;
      if (seconds <= 0) { el.textContent = format.format(0, "second"); return; }
      // The largest unit that gives at least 2 of it: "em 3 dias", "em 5 horas", "em 40 minutos".
      var units = [["day", 86400], ["hour", 3600], ["minute", 60], ["second", 1]];
      for (var i = 0; i < units.length; i++) {
        if (seconds >= 2 * units[i][1] || i === units.length - 1) {
          el.textContent = format.format(Math.floor(seconds / units[i][1]), units[i][0]);
          break;
        }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { tick(); setInterval(tick, 30000); });
})();
