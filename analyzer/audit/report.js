/* analyzer/audit/report.js - draws the audit page (compiled into ssot) from the JSON document
 * in #audit-data: summary, filter, treemap, family bars, trend lines, module tree, hotspots,
 * worst items and findings. No network, no library. When the page is done it sets
 * data-rendered="ok" on <body>; a script error sets data-errors (the browser test reads
 * both from the DOM). */
"use strict";
(function () {
  var errors = [];
  function noteError(message) {
    errors.push(String(message));
    document.body.setAttribute("data-errors", errors.join(" | "));
  }
  window.addEventListener("error", function (e) { noteError(e.message || "script error"); });
  window.addEventListener("unhandledrejection", function (e) { noteError(e.reason); });

  var SVG = "http://www.w3.org/2000/svg";
  var FAMILY_COLORS = { PH: "#d23c3c", MO: "#e87f2e", SG: "#8250df", DD: "#0969da",
                        SS: "#1a7f37" };
  var data = JSON.parse(document.getElementById("audit-data").textContent);
  var modules = data.modules, findings = data.findings;
  var families = data.families.map(function (f) { return f.code; });
  var rulesByCode = {};
  data.rules.forEach(function (r) { rulesByCode[r.code] = r; });
  var state = { family: "", rule: "", selected: 0, zoom: 0, open: {} };

  /* ---- small DOM helpers ---- */
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "class") e.className = attrs[k];
      else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), attrs[k]);
      else e.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) {
      if (c != null) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }
  function svg(tag, attrs, children) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs || {}) {
      if (k === "text") e.textContent = attrs[k];
      else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), attrs[k]);
      else e.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  function gradeBadge(g, big) {
    return el("span", { class: "grade g-" + g + (big ? " big" : ""), text: g,
                        title: "grade " + g });
  }
  function pct(v) { return v == null ? "\u2013" : (100 * v).toFixed(1) + "%"; }
  function fmt(v) { return (Math.round(v * 100) / 100).toString(); }

  /* ---- the filter: counts recomputed from the findings it keeps ---- */
  function kept(f) {
    return (!state.family || f.family === state.family) && (!state.rule || f.code === state.rule);
  }
  function gradeOf(score, lines) {
    if (!lines) return score > 0 ? "E" : "A";
    var d = score * 1000 / lines, edges = data.grading.edges;
    for (var i = 0; i < 4; i++) if (d <= edges[i]) return "ABCD"[i];
    return "E";
  }
  /* per module: findings and weighted score by family, placeholder tests, grade */
  function computeCounts() {
    var out = modules.map(function (m) {
      var c = { findings: {}, weighted: {}, score: 0, placeholder: 0, total: 0 };
      families.forEach(function (f) { c.findings[f] = 0; c.weighted[f] = 0; });
      return c;
    });
    var phSeen = {};
    findings.forEach(function (f) {
      if (!kept(f)) return;
      var key = f.family === "PH" && f.symbol ? f.path + "\u0000" + f.symbol : null;
      var newTest = key && !phSeen[key];
      if (key) phSeen[key] = true;
      for (var m = f.module; m != null; m = modules[m].parent) {
        var c = out[m];
        c.findings[f.family] += 1;
        c.weighted[f.family] += f.weight;
        c.score += f.weight;
        c.total += 1;
        if (f.family === "PH" && (newTest || !f.symbol)) c.placeholder += 1;
      }
    });
    out.forEach(function (c, i) {
      var m = modules[i];
      c.placeholder = Math.min(c.placeholder, m.tests);
      c.grade = gradeOf(c.score, m.lines);
      c.density = m.lines ? c.score * 1000 / m.lines : 0;
      c.canFail = m.tests ? 1 - c.placeholder / m.tests : null;
    });
    return out;
  }

  /* ---- sortable tables ---- */
  function sortableTable(columns, rows, opts) {
    opts = opts || {};
    var table = el("table", { class: opts.class || "" });
    var thead = el("thead"), tbody = el("tbody"), head = el("tr");
    var sort = { col: opts.sortCol == null ? -1 : opts.sortCol, dir: opts.sortDir || 1 };
    columns.forEach(function (c, i) {
      var th = el("th", { class: c.num ? "num" : "", text: c.title, title: c.help || "" });
      th.addEventListener("click", function () {
        sort.dir = sort.col === i ? -sort.dir : (c.num ? -1 : 1);
        sort.col = i;
        draw();
      });
      head.appendChild(th);
    });
    thead.appendChild(head);
    table.appendChild(thead);
    table.appendChild(tbody);
    function draw() {
      Array.prototype.forEach.call(head.children, function (th, i) {
        th.classList.toggle("sorted-asc", i === sort.col && sort.dir > 0);
        th.classList.toggle("sorted-desc", i === sort.col && sort.dir < 0);
      });
      var list = opts.order ? opts.order(rows, sort, columns) : rows.slice();
      if (!opts.order && sort.col >= 0) {
        var key = columns[sort.col].key;
        list.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (x == null) x = -Infinity;
          if (y == null) y = -Infinity;
          return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
        });
      }
      tbody.textContent = "";
      list.forEach(function (r) { tbody.appendChild(opts.row(r)); });
      if (!list.length)
        tbody.appendChild(el("tr", {}, [el("td", { colspan: columns.length, class: "empty",
                                                   text: opts.empty || "nothing" })]));
    }
    table.redraw = draw;
    draw();
    return table;
  }

  /* ---- treemap: the children of the zoomed folder, area = lines, colour = grade ---- */
  function squarify(items, x, y, w, h) {
    var out = [], total = 0;
    items.forEach(function (it) { total += it.value; });
    if (!total) return out;
    var rest = items.slice(), scale = (w * h) / total;
    while (rest.length) {
      var side = Math.min(w, h), row = [], rowSum = 0, worst = Infinity;
      while (rest.length) {
        var next = rest[0], sum = rowSum + next.value * scale;
        var maxv = Math.max.apply(null, row.concat([next]).map(function (r) { return r.value * scale; }));
        var minv = Math.min.apply(null, row.concat([next]).map(function (r) { return r.value * scale; }));
        var ratio = Math.max(side * side * maxv / (sum * sum), (sum * sum) / (side * side * minv));
        if (row.length && ratio > worst) break;
        worst = ratio;
        row.push(rest.shift());
        rowSum = sum;
      }
      var thick = rowSum / side, off = 0;
      row.forEach(function (r) {
        var len = r.value * scale / thick;
        if (w >= h) out.push({ item: r, x: x, y: y + off, w: thick, h: len });
        else out.push({ item: r, x: x + off, y: y, w: len, h: thick });
        off += len;
      });
      if (w >= h) { x += thick; w -= thick; } else { y += thick; h -= thick; }
    }
    return out;
  }
  var GRADE_COLORS = { A: "#2e9e4f", B: "#8cbf3f", C: "#e6b935", D: "#e87f2e", E: "#d23c3c" };

  function treemap(counts) {
    var W = 640, H = 360;
    var box = el("div", { id: "treemap" });
    var crumbs = el("div", { class: "crumbs" });
    for (var z = state.zoom, chain = []; z != null; z = modules[z].parent) chain.unshift(z);
    chain.forEach(function (id, i) {
      if (i) crumbs.appendChild(document.createTextNode(" / "));
      crumbs.appendChild(el("a", { text: modules[id].name, onclick: function () {
        state.zoom = id; render(); } }));
    });
    box.appendChild(crumbs);
    var items = modules[state.zoom].children.map(function (id) {
      return { id: id, value: modules[id].lines };
    }).filter(function (it) { return it.value > 0; })
      .sort(function (a, b) { return b.value - a.value; });
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, width: "100%", role: "img",
                            "aria-label": "treemap of modules" });
    squarify(items, 0, 0, W, H).forEach(function (r) {
      var m = modules[r.item.id], c = counts[r.item.id];
      var g = svg("g", {}, [
        svg("rect", { class: "tm-cell", x: r.x, y: r.y, width: Math.max(r.w, 0),
                      height: Math.max(r.h, 0), fill: GRADE_COLORS[c.grade],
                      "data-path": m.path, "data-grade": c.grade,
                      onclick: function () {
                        if (m.kind === "folder") state.zoom = m.id;
                        state.selected = m.id;
                        render();
                      } }, [svg("title", { text: m.path + ": grade " + c.grade + ", " +
                                                  m.lines + " lines, " + c.total +
                                                  " findings (" + fmt(c.score) + " weighted)" })])
      ]);
      if (r.w > 40 && r.h > 16)
        g.appendChild(svg("text", { class: "tm-label", x: r.x + 4, y: r.y + 13,
                                    text: m.name + " " + c.grade }));
      root.appendChild(g);
    });
    box.appendChild(root);
    return box;
  }

  /* ---- a bar per family: weighted findings ---- */
  function familyBars(counts) {
    var c = counts[0], W = 640, rowH = 26, max = 0;
    families.forEach(function (f) { max = Math.max(max, c.weighted[f]); });
    var root = svg("svg", { viewBox: "0 0 " + W + " " + (rowH * families.length + 4),
                            width: "100%", role: "img", "aria-label": "findings per family" });
    data.families.forEach(function (f, i) {
      var len = max ? (W - 340) * c.weighted[f.code] / max : 0;
      root.appendChild(svg("text", { x: 0, y: i * rowH + 17, text: f.code + " " + f.name }));
      root.appendChild(svg("rect", { class: "fam-bar", x: 170, y: i * rowH + 5, height: 16,
                                     width: Math.max(len, 1), fill: FAMILY_COLORS[f.code],
                                     "data-family": f.code }));
      root.appendChild(svg("text", { x: 176 + len, y: i * rowH + 17,
                                     text: c.findings[f.code] + " (" + fmt(c.weighted[f.code]) +
                                           " weighted)" }));
    });
    return root;
  }

  /* ---- trend lines from the history: the selected folder's (a file: its folder's), or the
   * project's ---- */
  function trendOf() {
    var m = modules[state.selected];
    while (m.kind === "file") m = modules[m.parent];
    var pts = [];
    if (m.id !== 0)
      data.module_trend.forEach(function (x) {
        if (x.path === m.path) pts.push({ i: x.point, p: x });
      });
    if (!pts.length) {
      m = modules[0];
      pts = data.trend.map(function (p, i) { return { i: i, p: p }; });
    }
    return { module: m, pts: pts };
  }

  function trendChart() {
    var runs = data.trend;
    if (!runs.length)
      return el("div", {}, [el("h2", { text: "Trend" }), el("p", { class: "empty",
                       text: "No history yet: `ssot audit --record` adds a point per run." })]);
    var t = trendOf(), pts = t.pts;
    var W = 1200, H = 260, L = 44, R = 12, T = 12, B = 40;
    var series = [{ key: "score", name: "weighted findings", color: "#1f2328",
                    get: function (p) { return p.score; } }];
    families.forEach(function (f) {
      series.push({ key: f, name: f, color: FAMILY_COLORS[f],
                    get: function (p) { return p.findings[f]; } });
    });
    var max = 1;
    pts.forEach(function (x) { series.forEach(function (s) { max = Math.max(max, s.get(x.p)); }); });
    function X(i) { return L + (runs.length === 1 ? (W - L - R) / 2 : i * (W - L - R) / (runs.length - 1)); }
    function Y(v) { return T + (H - T - B) * (1 - v / max); }
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, width: "100%", role: "img",
                            "aria-label": "trend of findings" });
    for (var k = 0; k <= 4; k++) {
      var v = max * k / 4;
      root.appendChild(svg("line", { x1: L, x2: W - R, y1: Y(v), y2: Y(v), stroke: "#d1d9e0" }));
      root.appendChild(svg("text", { x: L - 6, y: Y(v) + 4, "text-anchor": "end", text: fmt(v) }));
    }
    runs.forEach(function (p, i) {
      var anchor = runs.length > 1 && i === 0 ? "start"
                 : runs.length > 1 && i === runs.length - 1 ? "end" : "middle";
      root.appendChild(svg("text", { x: X(i), y: H - B + 16, "text-anchor": anchor,
                                     text: (p.date || "").slice(0, 10) + (p.recorded ? "" : "*") }));
    });
    series.forEach(function (s) {
      var d = pts.map(function (x, k) { return (k ? "L" : "M") + X(x.i) + " " + Y(s.get(x.p)); });
      root.appendChild(svg("path", { d: d.join(" "), fill: "none", stroke: s.color,
                                     "stroke-width": s.key === "score" ? 2.5 : 1.5,
                                     class: "trend-line", "data-series": s.key }));
      pts.forEach(function (x) {
        var run = runs[x.i] || {};
        root.appendChild(svg("circle", { class: "trend-point", cx: X(x.i), cy: Y(s.get(x.p)),
                                         r: 3, fill: s.color, "data-series": s.key },
                             [svg("title", { text: s.name + " " + fmt(s.get(x.p)) + " at " +
                                                   (run.commit || "").slice(0, 10) + " " +
                                                   (run.date || "") + " (grade " + x.p.grade + ")" })]));
      });
    });
    var legend = el("div", { class: "legend" });
    series.forEach(function (s) {
      legend.appendChild(el("span", {}, [el("span", { class: "swatch",
                                                      style: "background:" + s.color }), s.name]));
    });
    if (!runs[runs.length - 1].recorded)
      legend.appendChild(el("span", { text: "* this run, not recorded" }));
    return el("div", { id: "trend", "data-module": t.module.path }, [
      el("h2", { text: "Trend of " + (t.module.id ? t.module.path : "the project") +
                       " (click a module to see its own)" }), root, legend]);
  }

  /* ---- module tree: collapsible to any depth, sortable within each folder ---- */
  function moduleTable(counts) {
    function fam(f) {
      return { title: f, num: true, help: "findings of the " + f + " family",
               key: function (m) { return counts[m.id].findings[f]; } };
    }
    var columns = [
      { title: "module", key: function (m) { return m.path; } },
      { title: "grade", key: function (m) { return counts[m.id].grade; } },
      { title: "lines", num: true, key: function (m) { return m.lines; } },
      { title: "tests", num: true, key: function (m) { return m.tests; } },
      { title: "can fail", num: true, help: "1 - placeholder tests / tests",
        key: function (m) { return counts[m.id].canFail; } },
    ].concat(families.map(fam)).concat([
      { title: "weighted", num: true, key: function (m) { return counts[m.id].score; } },
      { title: "per 1000 lines", num: true, key: function (m) { return counts[m.id].density; } },
      { title: "churn", num: true, help: "commits touching its files in the window",
        key: function (m) { return m.churn; } },
    ]);
    function order(rows, sort, cols) {
      var out = [];
      function visit(id, depth) {
        var m = modules[id];
        out.push({ m: m, depth: depth });
        if (m.kind === "folder" && (depth === 0 || state.open[id])) {
          var kids = m.children.map(function (k) { return modules[k]; });
          if (sort.col >= 0) {
            var key = cols[sort.col].key;
            kids.sort(function (a, b) {
              var x = key(a), y = key(b);
              if (x == null) x = -Infinity;
              if (y == null) y = -Infinity;
              return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
            });
          }
          kids.forEach(function (k) { visit(k.id, depth + 1); });
        }
      }
      visit(0, 0);
      return out;
    }
    var table;
    function row(r) {
      var m = r.m, c = counts[m.id];
      var toggle = el("span", { class: "toggle",
                                text: m.kind === "folder" && r.depth ? (state.open[m.id] ? "\u25BE" : "\u25B8") : "" });
      toggle.addEventListener("click", function (e) {
        e.stopPropagation();
        state.open[m.id] = !state.open[m.id];
        table.redraw();
      });
      var cells = [
        el("td", { style: "padding-left:" + (8 + 16 * r.depth) + "px" },
           [toggle, el("span", { class: "mod-name", text: m.depth === 0 ? m.name : m.name })]),
        el("td", {}, [gradeBadge(c.grade)]),
        el("td", { class: "num", text: m.lines }),
        el("td", { class: "num", text: m.tests }),
        el("td", { class: "num", text: pct(c.canFail) }),
      ];
      families.forEach(function (f) {
        cells.push(el("td", { class: "num", text: c.findings[f] || "" }));
      });
      cells.push(el("td", { class: "num", text: fmt(c.score) }));
      cells.push(el("td", { class: "num", text: fmt(c.density) }));
      cells.push(el("td", { class: "num", text: m.churn }));
      var tr = el("tr", { class: "module-row" + (m.id === state.selected ? " selected" : ""),
                          "data-path": m.path, "data-kind": m.kind }, cells);
      tr.addEventListener("click", function () { state.selected = m.id; render(); });
      return tr;
    }
    table = sortableTable(columns, modules, { order: order, row: row, class: "modules" });
    return table;
  }

  /* ---- the worst items of the selected module ---- */
  function worstItems(counts) {
    var m = modules[state.selected];
    var box = el("div", { id: "worst" }, [el("h2", { text: "Worst items in " + (m.path || m.name) })]);
    /* under a filter: the heaviest kept findings below the module */
    var below = findings.filter(function (f) {
      if (!kept(f)) return false;
      for (var x = f.module; x != null; x = modules[x].parent) if (x === m.id) return true;
      return false;
    });
    below.sort(function (a, b) { return b.weight - a.weight || a.id - b.id; });
    var list = state.family || state.rule ? below.slice(0, 5)
                                          : m.worst.map(function (i) { return findings[i]; });
    if (!list.length) box.appendChild(el("p", { class: "empty", text: "no findings" }));
    list.forEach(function (f) {
      var rule = rulesByCode[f.code] || {};
      box.appendChild(el("div", { class: "item" }, [
        el("div", { class: "head" }, [
          el("code", { text: f.code }), el("b", { text: rule.name || "" }),
          el("span", { class: "sev-" + f.severity, text: f.severity }),
          el("span", { text: f.path + ":" + f.line }),
        ]),
        el("div", { text: f.message }),
        f.excerpt ? el("pre", {}, [el("code", { text: f.excerpt.text })]) : null,
        el("div", { class: "why", text: (rule.summary || "") + " " + (rule.why || "") }),
      ]));
    });
    return box;
  }

  function hotspotTable() {
    if (!data.churn.available)
      return el("p", { class: "empty", text: "No git history: hotspots need a git work tree." });
    var cols = [
      { title: "#", num: true, key: function (h) { return h.rankIndex; } },
      { title: "file", key: function (h) { return h.path; } },
      { title: "commits", num: true, help: "commits in the last " + data.churn.months + " months",
        key: function (h) { return h.churn; } },
      { title: "weighted findings", num: true, key: function (h) { return h.score; } },
      { title: "churn \u00d7 findings", num: true, key: function (h) { return h.rank; } },
    ];
    var rows = data.hotspots.map(function (h, i) {
      var r = Object.assign({}, h); r.rankIndex = i + 1; return r;
    });
    return sortableTable(cols, rows, {
      class: "hotspots", empty: "no file with both churn and findings",
      row: function (h) {
        return el("tr", { class: "hotspot-row", onclick: function () {
          state.selected = h.module; render(); } }, [
          el("td", { class: "num", text: h.rankIndex }), el("td", { text: h.path }),
          el("td", { class: "num", text: h.churn }), el("td", { class: "num", text: fmt(h.score) }),
          el("td", { class: "num", text: fmt(h.rank) }),
        ]);
      } });
  }

  function findingTable() {
    var rows = findings.filter(kept);
    var cols = [
      { title: "severity", key: function (f) { return f.weight; } },
      { title: "code", key: function (f) { return f.code; } },
      { title: "location", key: function (f) { return f.path + ":" + (1e6 + f.line); } },
      { title: "message", key: function (f) { return f.message; } },
    ];
    if (data.new_code.baseline)
      cols.push({ title: "baseline", key: function (f) { return f.status; } });
    return sortableTable(cols, rows, {
      class: "findings", empty: "no findings",
      row: function (f) {
        var cells = [el("td", { class: "sev-" + f.severity, text: f.severity }),
                     el("td", {}, [el("code", { text: f.code })]),
                     el("td", { text: f.path + ":" + f.line }), el("td", { text: f.message })];
        if (data.new_code.baseline)
          cells.push(el("td", { class: "status-" + f.status, text: f.status }));
        return el("tr", { class: "finding-row", "data-code": f.code }, cells);
      } });
  }

  function ruleTable() {
    var cols = [
      { title: "code", key: function (r) { return r.code; } },
      { title: "name", key: function (r) { return r.name; } },
      { title: "findings", num: true, key: function (r) { return r.count; } },
      { title: "what it flags", key: function (r) { return r.summary; } },
    ];
    return sortableTable(cols, data.rules, { class: "rules", empty: "no findings",
      row: function (r) {
        return el("tr", { class: "rule-row" }, [el("td", {}, [el("code", { text: r.code })]),
          el("td", { text: r.name }), el("td", { class: "num", text: r.count }),
          el("td", { text: r.summary })]);
      } });
  }

  function newCode() {
    var n = data.new_code;
    if (!n.baseline)
      return el("p", { class: "empty", text: "No baseline: `ssot audit --baseline FILE` (or a " +
                                              ".ssot-baseline.json in the project) splits the " +
                                              "findings into new, remaining and fixed." });
    return el("div", { class: "cards", id: "new-code" }, [
      card(n["new"], "new since the baseline"), card(n.remaining, "remaining"),
      card(n.fixed, "fixed"), card(n.baseline, "baseline file")]);
  }

  function card(v, k) {
    return el("div", { class: "card" }, [el("div", { class: "v", text: v }),
                                         el("div", { class: "k", text: k })]);
  }

  function filters() {
    var fam = el("select", { id: "filter-family" }, [el("option", { value: "", text: "every family" })]
      .concat(data.families.map(function (f) {
        return el("option", { value: f.code, text: f.code + " " + f.name }); })));
    fam.value = state.family;
    fam.addEventListener("change", function () { state.family = fam.value; state.rule = ""; render(); });
    var rule = el("select", { id: "filter-rule" }, [el("option", { value: "", text: "every rule" })]
      .concat(data.rules.filter(function (r) { return !state.family || r.family === state.family; })
        .map(function (r) { return el("option", { value: r.code, text: r.code + " " + r.name }); })));
    rule.value = state.rule;
    rule.addEventListener("change", function () { state.rule = rule.value; render(); });
    return el("div", { class: "filters" }, [el("label", {}, ["Family ", fam]),
                                            el("label", {}, ["Rule ", rule])]);
  }

  function render() {
    var counts = computeCounts(), s = data.summary, c0 = counts[0];
    var app = document.getElementById("app");
    app.textContent = "";
    app.appendChild(el("header", { class: "top" }, [
      gradeBadge(c0.grade, true),
      el("div", {}, [el("h1", { text: "ssot audit: " + (data.root.split("/").pop() || data.root) +
                                      (data.paths.length ? " \u00b7 " + data.paths.join(" ") : "") }),
                     el("div", { class: "meta", text: (data.commit ? "commit " + data.commit.slice(0, 12) + " \u00b7 " : "") +
                                                      data.date + " \u00b7 ssot " + data.version })]),
      el("div", { class: "cards" }, [
        card(s.files, "files"), card(s.lines, "lines"), card(s.tests, "tests"),
        card(pct(c0.canFail), "tests that can fail"), card(c0.total, "findings"),
        card(fmt(c0.density), "weighted per 1000 lines")]),
    ]));
    var main = el("main");
    app.appendChild(main);
    main.appendChild(filters());
    main.appendChild(el("div", { class: "grid" }, [
      el("section", {}, [el("h2", { text: "Modules (area: lines, colour: grade)" }), treemap(counts)]),
      el("section", {}, [el("h2", { text: "Findings per family (weighted by severity)" }),
                         familyBars(counts),
                         el("h2", { text: "New code against the baseline" }), newCode()]),
    ]));
    main.appendChild(el("section", {}, [trendChart()]));
    main.appendChild(el("section", {}, [
      el("h2", { text: "Hotspots: churn \u00d7 findings (commits in the last " +
                       data.churn.months + " months \u00d7 weighted findings)" }),
      el("div", { class: "scroll" }, [hotspotTable()])]));
    main.appendChild(el("section", {}, [el("h2", { text: "Modules (click a row for its worst items)" }),
                                        el("div", { class: "scroll" }, [moduleTable(counts)])]));
    main.appendChild(el("section", {}, [worstItems(counts)]));
    main.appendChild(el("section", {}, [el("h2", { text: "Findings" }),
                                        el("div", { class: "scroll" }, [findingTable()])]));
    main.appendChild(el("section", {}, [el("h2", { text: "Rules" }), ruleTable()]));
    document.body.setAttribute("data-grade", c0.grade);
  }

  /* open the first folders that hold everything: a project under fixtures/demo starts there */
  while (modules[state.zoom].children.length === 1 &&
         modules[modules[state.zoom].children[0]].kind === "folder") {
    state.open[state.zoom] = true;
    state.zoom = modules[state.zoom].children[0];
  }
  state.open[state.zoom] = true;
  state.selected = state.zoom;
  render();

  /* #selftest (the browser test): the filter and a sort, driven as a user would, checked
   * against the document; the verdict goes to data-selftest */
  function selfTest() {
    var problems = [];
    function rows(cls) { return document.querySelectorAll("tr." + cls).length; }
    if (rows("finding-row") !== findings.length) problems.push("finding rows");
    var fam = document.getElementById("filter-family");
    fam.value = "PH";
    fam.dispatchEvent(new Event("change"));
    var ph = findings.filter(function (f) { return f.family === "PH"; }).length;
    if (rows("finding-row") !== ph) problems.push("family filter kept " + rows("finding-row"));
    var rule = document.getElementById("filter-rule");
    rule.value = "PH001";
    rule.dispatchEvent(new Event("change"));
    var one = findings.filter(function (f) { return f.code === "PH001"; }).length;
    if (rows("finding-row") !== one) problems.push("rule filter");
    fam.value = "";
    fam.dispatchEvent(new Event("change"));
    var th = document.querySelector("table.findings th:nth-child(2)");
    th.click();
    th.click();
    var codes = Array.prototype.map.call(document.querySelectorAll("tr.finding-row"),
                                         function (tr) { return tr.getAttribute("data-code"); });
    for (var i = 1; i < codes.length; i++)
      if (codes[i - 1] < codes[i]) { problems.push("sort by code"); break; }
    /* a click on a folder's row draws that folder's own trend */
    var rowsOfFolders = Array.prototype.filter.call(document.querySelectorAll("tr.module-row"),
      function (tr) { return tr.getAttribute("data-kind") === "folder"; });
    var last = rowsOfFolders[rowsOfFolders.length - 1];
    if (last) {
      var path = last.getAttribute("data-path");
      last.click();
      var trend = document.getElementById("trend");
      if (trend && trend.getAttribute("data-module") !== path)
        problems.push("trend of " + path + " shows " + trend.getAttribute("data-module"));
    }
    document.body.setAttribute("data-selftest", problems.length ? problems.join("; ") : "ok");
  }
  if (location.hash === "#selftest") selfTest();
  if (!errors.length) document.body.setAttribute("data-rendered", "ok");
})();
