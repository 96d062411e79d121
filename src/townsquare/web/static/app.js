// townsquare web: theme toggle, feed picker auto-submit, in-browser receipt check, copy buttons.
// Plain JavaScript, no build step; every page works without it.
(function () {
  "use strict";
  var root = document.documentElement;
  var stored = null;
  try { stored = localStorage.getItem("townsquare-theme"); } catch (e) { stored = null; }
  if (stored === "dark" || stored === "light") { root.setAttribute("data-theme", stored); }

  function currentTheme() {
    var chosen = root.getAttribute("data-theme");
    if (chosen) { return chosen; }
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function setupThemeToggle() {
    var button = document.getElementById("theme-toggle");
    if (!button) { return; }
    function show() {
      var dark = currentTheme() === "dark";
      button.setAttribute("aria-pressed", dark ? "true" : "false");
      button.textContent = dark ? "Light theme" : "Dark theme";
    }
    button.hidden = false;
    show();
    button.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("townsquare-theme", next); } catch (e) { /* private mode */ }
      show();
    });
  }

  function setupAutosubmit() {
    var selects = document.querySelectorAll("select[data-autosubmit]");
    Array.prototype.forEach.call(selects, function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }
  function fromHex(text) {
    var out = new Uint8Array(text.length / 2);
    for (var i = 0; i < out.length; i++) { out[i] = parseInt(text.substr(i * 2, 2), 16); }
    return out;
  }
  function concat(parts) {
    var size = parts.reduce(function (n, p) { return n + p.length; }, 0);
    var out = new Uint8Array(size), at = 0;
    parts.forEach(function (p) { out.set(p, at); at += p.length; });
    return out;
  }
  function sha256(bytes) { return crypto.subtle.digest("SHA-256", bytes).then(function (d) { return new Uint8Array(d); }); }

  // Leaf = SHA-256(0x00 || SHA-256(receipt) || sorted choice bytes); node = SHA-256(0x01 || left || right).
  function recompute(button) {
    var d = button.dataset;
    var choices = d.choices ? d.choices.split(",").map(Number).sort(function (a, b) { return a - b; }) : [];
    var steps = d.path ? d.path.split(",").map(function (s) { var p = s.split(":"); return { side: p[0], hash: fromHex(p[1]) }; }) : [];
    return sha256(new TextEncoder().encode(d.receipt)).then(function (receiptHash) {
      return sha256(concat([new Uint8Array([0]), receiptHash, new Uint8Array(choices)]));
    }).then(function (leaf) {
      var chain = Promise.resolve(leaf);
      steps.forEach(function (step) {
        chain = chain.then(function (current) {
          var pair = step.side === "left" ? [step.hash, current] : [current, step.hash];
          return sha256(concat([new Uint8Array([1]), pair[0], pair[1]]));
        });
      });
      return chain.then(function (top) { return { leaf: hex(leaf), root: hex(top) }; });
    });
  }

  function setupVerify() {
    var button = document.getElementById("verify-in-browser");
    var verdict = document.getElementById("browser-verdict");
    if (!button || !verdict || !window.crypto || !crypto.subtle) { return; }
    button.addEventListener("click", function () {
      recompute(button).then(function (result) {
        var ok = result.leaf === button.dataset.leaf && result.root === button.dataset.root;
        verdict.textContent = ok
          ? "✓ Recomputed in your browser: the path leads to the published root " + result.root + "."
          : "✗ Recomputed in your browser: got root " + result.root + ", not the published one.";
        verdict.className = ok ? "ok" : "error";
      });
    });
  }

  // "Copy address": the text of the element named by data-copy-target, to the clipboard.
  function setupCopy() {
    var buttons = document.querySelectorAll("button[data-copy-target]");
    Array.prototype.forEach.call(buttons, function (button) {
      var source = document.getElementById(button.getAttribute("data-copy-target"));
      var status = button.parentNode.querySelector(".copy-status");
      if (!source || !navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          if (status) { status.textContent = "Copied."; }
        }, function () {
          if (status) { status.textContent = "Could not copy: select the address instead."; }
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupCopy();
    setupThemeToggle();
    setupAutosubmit();
    setupVerify();
  });
})();
