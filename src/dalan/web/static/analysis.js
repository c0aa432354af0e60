/* dalan web page (dalan's own): the analyst's tools on top of app.js — compare options (criterion,
   dispersion, OD upload, date) and a pair's routes in A and B on the map; yearly flows drawn as
   line width and volume/capacity colour with the top bottlenecks; the stress test's heat maps; a
   time slider over the dated history that re-routes the current question and lists the events in
   force. Texts, numbers and dates arrive formatted from the server in the page language. */
(function () {
  "use strict";

  var P = window.dalanPage, L_ = P.labels, $ = P.$, lang = P.lang, hooks = P.hooks;

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text !== undefined) { el.textContent = text; }
    return el;
  }

  // Numbers typed with Persian or Arabic-Indic digits and separators, in Latin digits.
  function latin(text) {
    return String(text).trim()
      .replace(/[۰-۹]/g, function (d) { return String(d.charCodeAt(0) - 0x06F0); })
      .replace(/[٠-٩]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); })
      .replace(/٫/g, ".").replace(/[٬,]/g, "");
  }

  function swatch(colour, dashed) {
    var line = element("span", "app-legend-line");
    line.style.borderTopColor = colour;
    line.style.borderTopStyle = dashed ? "dashed" : "solid";
    return line;
  }

  // --- OD files: CSV text sent as it is; the server reads it with the CLI's reader ---------------
  var odText = {};

  function odFile(prefix) {
    var input = $(prefix + "-od"), info = $(prefix + "-od-info"), clear = $(prefix + "-od-clear");
    input.addEventListener("change", function () {
      var file = input.files[0];
      if (!file) { return; }
      file.text().then(function (text) {
        odText[prefix] = text;
        var rows = text.split(/\r?\n/).filter(function (line) { return line.trim() && line.trim()[0] !== "#"; }).length - 1;
        var parts = L_.od_file_loaded.replace("{count}", P.numberText(Math.max(rows, 0))).split("{name}");
        info.textContent = parts[0];
        info.appendChild(element("bdi", "", file.name));  // a Latin file name kept apart from Persian text
        info.appendChild(document.createTextNode(parts[1] || ""));
        clear.hidden = false;
      });
    });
    clear.addEventListener("click", function () {
      delete odText[prefix];
      input.value = "";
      info.textContent = "";
      clear.hidden = true;
    });
  }

  // The OD pairs and date of a panel's job (left out: the shipped pairs, today).
  function odParams(prefix, params) {
    if (odText[prefix] !== undefined) { params.od_csv = odText[prefix]; }
    if ($(prefix + "-date").value) { params.date = $(prefix + "-date").value; }
    return params;
  }

  hooks.compareParams = function () {
    return odParams("compare", { by: $("compare-by").value, dispersion: latin($("compare-dispersion").value) });
  };

  // --- a comparison's pair: its best route in A (solid) and in B (dashed) -----------------------
  var pairLayer = L.featureGroup().addTo(P.map);
  var PAIR_STYLES = [
    { key: "a", colour: "#1f5fa8", weight: 6, dash: null },
    { key: "b", colour: "#d4570b", weight: 4, dash: "10 8" }
  ];

  hooks.comparison = function (display, job, tableBox) {
    pairLayer.clearLayers();
    var note = element("p", "app-note", L_.pair_hint + " " + L_.pair_routes);
    var routes = element("div", "app-pair-routes");
    routes.id = "pair-routes";
    tableBox.parentNode.insertBefore(note, tableBox);
    tableBox.parentNode.insertBefore(routes, tableBox);
    Array.prototype.forEach.call(tableBox.querySelectorAll("tbody tr"), function (row, i) {
      var pair = display.pairs[i];
      if (!pair) { return; }
      row.dataset.pair = pair.join(">");
      row.tabIndex = 0;
      row.classList.add("app-pair");
      row.addEventListener("click", function () { showPair(job, pair, row, routes); });
      row.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { showPair(job, pair, row, routes); }
      });
    });
  };

  function showPair(job, pair, row, routesBox) {
    var p = job.params || {};
    Array.prototype.forEach.call(row.parentNode.children, function (tr) { tr.classList.toggle("selected", tr === row); });
    P.say("compare-message", L_.working);
    var ask = function (scenario) {
      return P.api("/api/route?" + P.query({ from: pair[0], to: pair[1], scenario: scenario, by: p.by, date: p.date, lang: lang }));
    };
    return Promise.all([ask(p.a), ask(p.b)]).then(function (answers) {
      P.routeLayer.clearLayers();
      pairLayer.clearLayers();
      routesBox.textContent = "";
      PAIR_STYLES.forEach(function (style, k) {
        var route = answers[k].routes[0];
        P.drawGeoJSON(route.geojson, function (feature) {
          if (P.isPoint(feature)) { return { radius: 4, color: "#fff", weight: 1.5, fillColor: style.colour, fillOpacity: 1 }; }
          return { color: style.colour, weight: style.weight, opacity: 0.9, dashArray: style.dash,
                   className: "dalan-pair dalan-pair-" + style.key };
        }).addTo(pairLayer);
        var line = element("p", "app-pair-route");
        line.dataset.scenario = style.key;
        line.appendChild(swatch(style.colour, Boolean(style.dash)));
        var name = line.appendChild(element("strong"));
        name.appendChild(element("bdi", "", L_["scenario_" + style.key] + " (" + P.scenarioTitle(style.key === "a" ? p.a : p.b) + ")"));
        name.appendChild(document.createTextNode(": "));
        line.appendChild(document.createTextNode(route.title + " — " + route.summary + " — " + route.totals_text));
        routesBox.appendChild(line);
      });
      $("map").dataset.pair = pair.join(">");
      P.map.fitBounds(pairLayer.getBounds(), { padding: [30, 30] });
      P.say("compare-message", "");
    }).catch(function (error) { P.say("compare-message", error.message, true); });
  }

  // --- yearly flows: line width = tonnes, colour = volume/capacity; the top bottlenecks ---------
  var flowsLayer = L.featureGroup().addTo(P.map);
  var VC_CLASSES = [[0.5, "#2b8a3e", "vc_low"], [0.8, "#e0a800", "vc_mid"], [1, "#e8590c", "vc_high"], [Infinity, "#c92a2a", "vc_over"]];

  function vcColour(vc) {
    for (var i = 0; i < VC_CLASSES.length; i += 1) { if (vc < VC_CLASSES[i][0]) { return VC_CLASSES[i][1]; } }
    return VC_CLASSES[VC_CLASSES.length - 1][1];
  }

  function drawFlows(display) {
    return P.api("/api/network?" + P.query({ scenario: display.scenario, lang: lang })).then(function (network) {
      var flows = {}, top = 1;
      display.link_flows.forEach(function (f) { flows[f[0]] = f; top = Math.max(top, f[1]); });
      var features = network.features.filter(function (f) {
        return f.properties.feature_type === "link" && flows[f.properties.id];
      });
      flowsLayer.clearLayers();
      L.geoJSON({ type: "FeatureCollection", features: features }, {
        style: function (feature) {
          var f = flows[feature.properties.id];
          return { color: vcColour(f[2]), weight: 1.5 + 12 * Math.sqrt(f[1] / top), opacity: 0.85, className: "dalan-flow" };
        },
        onEachFeature: function (feature, item) {
          var f = flows[feature.properties.id];
          item.bindTooltip(f[0] + ": " + P.numberText(f[1]) + " " + L_.tonnes_per_year + " · " + L_.vc + " " + P.numberText(f[2], 2),
                           { sticky: true, className: "dalan-tooltip" });
        }
      }).addTo(flowsLayer);
      $("map").dataset.flows = String(features.length);
      if (features.length) { P.map.fitBounds(flowsLayer.getBounds(), { padding: [20, 20] }); }
    });
  }

  hooks.assign = function (display, job, box) {
    if (!display.link_flows) { return; }
    var legend = element("div", "app-flow-legend");
    legend.appendChild(element("h3", "", L_.flows_legend));
    VC_CLASSES.forEach(function (entry) {
      var item = element("span", "app-flow-class");
      var line = swatch(entry[1], false);
      line.style.borderTopWidth = "5px";
      item.appendChild(line);
      item.appendChild(document.createTextNode(L_.vc + " " + L_[entry[2]]));
      legend.appendChild(item);
    });
    var hide = element("button", "flows-toggle", L_.hide_flows);
    hide.type = "button";
    hide.setAttribute("aria-pressed", "false");
    hide.addEventListener("click", function () {
      var shown = P.map.hasLayer(flowsLayer);
      if (shown) { P.map.removeLayer(flowsLayer); } else { flowsLayer.addTo(P.map); }
      hide.setAttribute("aria-pressed", String(shown));
    });
    legend.appendChild(hide);
    var heading = element("h3", "", L_.bottlenecks);
    var table = element("div", "app-scroll app-bottlenecks");
    table.innerHTML = display.bottlenecks_html;  // server-rendered, escaped table
    [legend, heading, table].forEach(function (el) { box.appendChild(el); });
    if (!P.map.hasLayer(flowsLayer)) { flowsLayer.addTo(P.map); }
    drawFlows(display).catch(function (error) { P.say("flows-message", error.message, true); });
  };

  // --- stress test: pairs × scenarios, heat maps of extra days, USD and t CO2e -------------------
  hooks.scenarios = function (scenarios) {
    var box = $("stress-scenarios"), ticked = {};
    box.querySelectorAll("input:checked").forEach(function (input) { ticked[input.value] = true; });
    box.querySelectorAll("label").forEach(function (label) { label.remove(); });
    scenarios.forEach(function (s) {
      var label = element("label"), input = element("input");
      input.type = "checkbox";
      input.name = "stress_scenario";
      input.value = s.name;
      input.checked = Boolean(ticked[s.name]);
      label.title = (s.title && s.title !== s.name ? s.title + " — " : "") + s.name;  // and the id the CLI uses
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + (s.short_title || s.title || s.name)));
      box.appendChild(label);
    });
    markBaseline();
  };

  function markBaseline() {
    $("stress-scenarios").querySelectorAll("input").forEach(function (input) {
      input.disabled = input.value === $("stress-baseline").value;
      if (input.disabled) { input.checked = false; }
    });
  }

  function runStress() {
    var names = Array.prototype.map.call($("stress-scenarios").querySelectorAll("input:checked"), function (i) { return i.value; });
    var params = odParams("stress", { baseline: $("stress-baseline").value, by: $("stress-by").value, cargo: $("stress-cargo").value });
    if (names.length) { params.scenarios = names; }
    return P.runJob({ kind: "stress", params: params }, "stress", ["stress-button"], function (display, job) {
      P.showJobResult(display, "stress-result", job);
      $("stress-result").scrollIntoView();
    });
  }

  hooks.stress = function (display, job, box) {
    box.appendChild(element("p", "app-note", display.legend));
    var label = element("label", "app-field app-metric", L_.stress_metric + " ");
    var select = element("select");
    select.id = "stress-metric";
    Object.keys(display.heat_html).forEach(function (metric) {
      var option = element("option", "", P.config.stressMetrics[metric] || metric);
      option.value = metric;
      select.appendChild(option);
    });
    label.appendChild(select);
    var heat = element("div", "app-scroll app-heat");
    heat.id = "stress-heat";
    var show = function () { heat.innerHTML = display.heat_html[select.value]; };  // server-rendered, escaped table
    select.addEventListener("change", show);
    var key = element("div", "app-scroll");
    key.innerHTML = display.key_html;  // server-rendered, escaped table
    [label, heat, key].forEach(function (el) { box.appendChild(el); });
    show();
  };

  // --- time slider: the dated history's days and today; moving it re-routes on that day ---------
  var days = P.config.history, slider = $("time-slider");
  var todayStop = days.map(function (day) { return day.today; }).indexOf(true);
  slider.max = String(days.length - 1);

  // The stop of a date: today's when none is given, else the last change on or before it.
  function stopFor(iso) {
    if (!iso) { return todayStop; }
    var stop = 0;
    days.forEach(function (day, i) { if (day.date <= iso) { stop = i; } });
    return stop;
  }

  function showStop() {
    var k = Number(slider.value);
    $("time-value").textContent = days[k].text + (k === todayStop ? " (" + L_.today + ")" : "");
    slider.setAttribute("aria-valuetext", $("time-value").textContent);
  }

  slider.addEventListener("input", showStop);
  slider.addEventListener("change", function () {
    var k = Number(slider.value);
    $("date").value = k === todayStop ? "" : days[k].date;
    P.findRoute();
  });

  function showEvents(data) {
    var list = $("events-list");
    list.textContent = "";
    (data.dated_events || []).forEach(function (event) {
      var item = element("li", event.on_route ? "on-route" : "");
      item.dataset.target = event.target;
      var day = days.filter(function (d) { return d.date === event.date; })[0];  // Jalali in Persian
      item.appendChild(element("bdi", "app-event-date", day ? day.text : event.date_text));
      item.appendChild(document.createTextNode(" · "));
      var what = element("strong", "", event.element);
      what.dir = "auto";
      item.appendChild(what);
      // RLM: the colon stays with the Persian action when it ends in a Latin unit («… هر TEU: S&P …»)
      item.appendChild(document.createTextNode(" — " + event.action_text + (lang === "fa" ? "\u200f" : "") + ": " + event.note));
      if (event.on_route || event.on_undated_route) {
        item.appendChild(element("span", "app-badge", event.on_route ? L_.on_route : L_.on_undated_route));
      }
      list.appendChild(item);
    });
    $("no-events").hidden = list.children.length > 0;
    var levels = $("year-levels");
    levels.textContent = data.year_levels_text || "";
    levels.hidden = !data.year_levels_text;
    var day = days.filter(function (d) { return d.date === data.as_of; })[0];
    $("events-as-of").textContent = "(" + (day ? day.text : data.as_of_text || data.as_of) + ")";
  }

  hooks.route = function (data) {
    pairLayer.clearLayers();
    $("time-box").hidden = false;
    slider.value = String(stopFor($("date").value));
    showStop();
    showEvents(data);
  };

  // --- start ------------------------------------------------------------------------------------
  odFile("compare");
  odFile("stress");
  $("stress-baseline").addEventListener("change", markBaseline);
  $("stress-button").addEventListener("click", runStress);
})();
