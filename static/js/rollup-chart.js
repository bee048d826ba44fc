// The roll-up page's chart: each unit's result for one figure as bars, the target as a line (Chart.js).
(function () {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const canvas = document.getElementById("rollup-chart");
  const select = document.getElementById("chart-figure");
  if (!canvas || !data.figures.length) return;
  const number = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });
  function datasets(figure) {
    const sets = [{ type: "bar", label: figure.name + (figure.unit ? " (" + figure.unit + ")" : ""),
      data: figure.values, backgroundColor: "rgba(13, 110, 253, 0.6)" }];
    if (figure.targets.some((t) => t !== null)) {
      sets.push({ type: "line", label: "Chỉ tiêu của đơn vị", data: figure.targets, stepped: "middle",
        borderColor: "#dc3545", borderWidth: 2, pointRadius: 3, borderDash: [6, 4], spanGaps: false });
    }
    return sets;
  }
  const chart = new Chart(canvas, {
    data: { labels: data.units, datasets: datasets(data.figures[0]) },
    options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { callback: (v) => number.format(v) } } },
      plugins: { tooltip: { callbacks: { label: (c) => c.dataset.label + ": " + number.format(c.parsed.y) } } } },
  });
  select.addEventListener("change", () => {
    chart.data.datasets = datasets(data.figures[Number(select.value)]);
    chart.update();
  });
})();
