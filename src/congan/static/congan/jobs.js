// A background job's page: poll its progress and move the bar; reload once the job has ended,
// so the page shows the result (stored records, rejects, the link to a cleansing run).
const box = document.getElementById("job-progress");
if (box && box.hasAttribute("data-polling")) {
  const bar = box.querySelector("progress");
  const field = (name) => box.querySelector(`[data-field="${name}"]`);
  const number = new Intl.NumberFormat(document.documentElement.lang || "vi");
  const poll = async () => {
    try {
      const answer = await fetch(box.dataset.url, { headers: { Accept: "application/json" } });
      if (!answer.ok) return setTimeout(poll, 5000);
      const p = await answer.json();
      if (p.finished) return window.location.reload();
      if (p.percent === null) bar.removeAttribute("value"); else bar.value = p.percent;
      field("status_label").textContent = p.status_label;
      field("stage").textContent = p.stage;
      field("done").textContent = number.format(p.done);
    } catch (err) { /* the server restarting: try again */ }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 1000);
}
