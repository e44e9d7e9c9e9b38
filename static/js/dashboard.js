// Dashboard charts (ECharts, vendored). The numbers come from the json_script
// block of the page; each chart has the same numbers as a table beside it.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var english = document.documentElement.lang === "en";
  var t = function (zh, en) { return english ? en : zh; };
  var palette = ["#1f3a5f", "#4c78a8", "#f2a541", "#b3261e", "#59a14f"];
  var charts = [];

  function draw(name, option) {
    var el = document.querySelector('[data-chart="' + name + '"]');
    if (!el) { return; }
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    option.color = palette;
    option.animation = false;
    chart.setOption(option);
    el.setAttribute("data-rendered", "true");
    charts.push(chart);
  }

  draw("levels", {
    tooltip: {},
    grid: { left: 40, right: 10, top: 10, bottom: 24 },
    xAxis: { type: "category", data: [t("临期", "Due soon"), t("已超期", "Overdue"), t("严重超期", "Long overdue")] },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", data: data.levels, itemStyle: { color: function (p) { return ["#f2a541", "#b3261e", "#212529"][p.dataIndex]; } } }]
  });

  var statusNames = [t("待交办", "Awaiting assignment"), t("化解中", "In progress"), t("待审核", "Submitted")];
  draw("stages", {
    tooltip: { trigger: "axis" },
    legend: { bottom: 0, itemWidth: 10, itemHeight: 10 },
    grid: { left: 40, right: 10, top: 10, bottom: 44 },
    xAxis: { type: "category", data: data.stages },
    yAxis: { type: "value", minInterval: 1 },
    series: statusNames.map(function (name, i) {
      return { name: name, type: "bar", stack: "s", data: data.stage_counts.map(function (row) { return row[i]; }) };
    })
  });

  draw("trends", {
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 40, right: 20, top: 10, bottom: 44 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: t("立案", "Opened"), type: "line", smooth: true, data: data.opened },
      { name: t("化解销号", "Resolved"), type: "line", smooth: true, data: data.closed }
    ]
  });

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
