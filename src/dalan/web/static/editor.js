/* dalan web page (dalan's own): the scenario editor on top of app.js — a link or place clicked on
   the map is closed, slowed or given another delay, fee, dwell or capacity through a form; the
   server checks the change (ranges included) and saves it as the scenario's next version; the
   changes against the base and the saved versions (with revert) are listed. Also the back-test's
   calibration plot and report. Texts and numbers arrive formatted from the server. */
(function () {
  "use strict";

  var P = window.dalanPage, L_ = P.labels, $ = P.$, lang = P.lang, hooks = P.hooks, config = P.config;
  var current = null;  // the link or place in the form: { target, id }
  var WATER = ["sea", "ferry"];

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text !== undefined) { el.textContent = text; }
    return el;
  }

  function scenarioPath(name, tail) {
    return "/api/scenarios/" + encodeURIComponent(name) + "/" + tail + (tail.indexOf("?") < 0 ? "?" : "&") + "lang=" + lang;
  }

  // --- the form ---------------------------------------------------------------------------------
  hooks.popup = function (box, p) {
    var bar = box.querySelector(".app-buttons");
    if (!bar) { bar = box.appendChild(element("div", "app-buttons")); }
    var button = element("button", "popup-edit", L_.edit_here);
    button.type = "button";
    button.addEventListener("click", function () { P.map.closePopup(); startEdit(p); });
    bar.appendChild(button);
  };

  function valueInput(field, p) {
    var label = element("label", "app-field", field[1] + " ");
    var input = element("input");
    input.type = "text";
    input.inputMode = "decimal";
    input.name = field[0];
    input.id = "edit-" + field[0];
    var now = p[field[0]];
    if (now !== undefined && now !== null) { input.placeholder = P.numberText(now, 2); }  // the value now
    label.appendChild(input);
    return label;
  }

  // A place's name on the map in the page language (its id if the map has no such place).
  function placeName(id) {
    var name = id;
    P.map.eachLayer(function (layer) {
      var q = layer.feature && layer.feature.properties;
      if (q && q.feature_type === "place" && q.id === id) { name = (lang === "fa" ? q.name_fa : q.name_en).split(" – ")[0]; }
    });
    return name;
  }

  function startEdit(p) {
    var target = p.feature_type === "place" ? "place" : "link";
    $("map-editor").open = true;
    $("scenario-editor").scrollIntoView({ block: "start" });
    if (!P.loaded()) {
      current = null;
      $("edit-form").hidden = true;
      P.say("edit-message", L_.editor_needs_own, true);
      return;
    }
    current = { target: target, id: p.id };
    var title = $("edit-element");
    title.textContent = L_.editing + ": " + (target === "place" ? (lang === "fa" ? p.name_fa : p.name_en) + " " : "");
    title.appendChild(target === "place" ? element("bdi", "", "(" + p.id + ")")
      : document.createTextNode(placeName(p.from_id) + " – " + placeName(p.to_id) + " "));
    if (target === "link") { title.appendChild(element("bdi", "", "(" + p.id + ")")); }
    $("edit-close").value = "";
    $("edit-close-option").textContent = target === "place" ? L_.close_place : L_.close_it;
    $("edit-open-option").hidden = $("edit-open-option").disabled = target === "place";
    $("edit-speed-box").hidden = target === "place";
    $("edit-speed_factor").value = "";
    var box = $("edit-values");
    box.textContent = "";
    config.formFields[target].forEach(function (field) {
      if (field[0] === "sailings_per_week" && WATER.indexOf(p.mode) < 0) { return; }
      box.appendChild(valueInput(field, p));
    });
    $("edit-form").hidden = false;
    P.say("edit-message", "");
    $("edit-close").focus();
  }

  // What the form asks, as the server takes it: numbers as typed (Persian digits too), unchecked.
  function editBody() {
    var values = {};
    $("edit-values").querySelectorAll("input").forEach(function (input) {
      if (input.value.trim()) { values[input.name] = input.value.trim(); }
    });
    var body = { target: current.target, id: current.id, values: values };
    if ($("edit-close").value) { body.close = $("edit-close").value === "close"; }
    var speed = $("edit-speed_factor").value.trim();
    if (speed && current.target === "link") { body.speed_factor = speed; }
    return body;
  }

  function applyEdit(event) {
    event.preventDefault();
    var loaded = P.loaded();
    if (!current || !loaded) { return; }
    $("edit-apply").disabled = true;
    P.say("edit-message", L_.working);
    P.api(scenarioPath(loaded.name, "edits"), { method: "POST", body: editBody(), ifMatch: loaded.version })
      .then(function (saved) {
        return P.reloadScenario(saved.name).then(function () {
          P.say("edit-message", L_.edit_applied.replace("{version}", P.numberText(saved.version)));
        });
      })
      .catch(function (error) { P.say("edit-message", error.message, true); })
      .then(function () { $("edit-apply").disabled = false; });
  }

  // --- the changes against the base, the versions -------------------------------------------------
  function fillRows(table, rows) {
    var body = table.tBodies[0];
    body.textContent = "";
    rows.forEach(function (cells) {
      var tr = body.insertRow();
      cells.forEach(function (value) {
        var td = tr.insertCell();
        if (value instanceof Node) { td.appendChild(value); } else { td.textContent = value; td.dir = "auto"; }
      });
    });
    table.hidden = rows.length === 0;
    return body;
  }

  function showDiff(s) {
    return P.api(scenarioPath(s.name, "diff")).then(function (data) {
      fillRows($("scenario-diff"), data.changes.map(function (c) {
        return [c.element_text, c.field_text, c.before_text || "—", c.after_text || "—"];
      }));
      $("diff-empty").hidden = data.changes.length > 0;
    });
  }

  function revertButton(s, version) {
    var button = element("button", "history-revert", L_.revert);
    button.type = "button";
    button.addEventListener("click", function () {
      var loaded = P.loaded();
      button.disabled = true;
      P.api(scenarioPath(s.name, "revert"), { method: "POST", body: { version: version }, ifMatch: loaded && loaded.version })
        .then(function (saved) {
          return P.reloadScenario(saved.name).then(function () {
            P.say("edit-message", L_.reverted.replace("{version}", P.numberText(version)).replace("{saved}", P.numberText(saved.version)));
          });
        })
        .catch(function (error) { button.disabled = false; P.say("edit-message", error.message, true); });
    });
    return button;
  }

  function showHistory(s) {
    if (s.shipped) { fillRows($("scenario-history"), []); return Promise.resolve(); }
    return P.api(scenarioPath(s.name, "history")).then(function (data) {
      var body = fillRows($("scenario-history"), data.versions.map(function (v) {
        var latest = v.version === s.version;
        return [P.numberText(v.version), v.saved_at_text, v.note_text, latest || !s.writable ? "" : revertButton(s, v.version)];
      }));
      Array.prototype.forEach.call(body.rows, function (tr, i) { tr.dataset.version = String(data.versions[i].version); });
    });
  }

  hooks.scenario = function (s) {
    if (!s.writable) { current = null; $("edit-form").hidden = true; }
    showDiff(s).then(function () { return showHistory(s); }).then(function () {
      $("map-editor").dataset.shown = s.name + "@" + s.version;  // what the tables show (for tests)
    }).catch(function (error) { P.say("edit-message", error.message, true); });
  };

  // --- back-test ------------------------------------------------------------------------------
  function showBacktest() {
    P.say("backtest-message", L_.working);
    $("backtest-button").disabled = true;
    return P.api("/api/backtest?lang=" + lang).then(function (data) {
      $("backtest-title").textContent = data.title + " — " +
        L_.backtest_summary.replace("{ok}", P.numberText(data.ok)).replace("{rows}", P.numberText(data.rows));
      $("backtest-plot").innerHTML = data.svg;  // server-rendered, escaped SVG
      $("backtest-result").hidden = false;
      $("backtest-result").scrollIntoView();
      P.say("backtest-message", "");
    }).catch(function (error) { P.say("backtest-message", error.message, true); })
      .then(function () { $("backtest-button").disabled = false; });
  }

  $("edit-form").addEventListener("submit", applyEdit);
  $("backtest-button").addEventListener("click", showBacktest);
  $("backtest-report").addEventListener("click", function () {
    P.download("/api/backtest/report?lang=" + lang, "backtest-message");
  });
})();
