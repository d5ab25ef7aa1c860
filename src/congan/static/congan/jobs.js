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
      const show = (name, text) => { const el = field(name); if (el) el.textContent = text; };
      show("status_label", p.status_label);
      show("stage", p.stage);
      show("done", number.format(p.done));
      show("percent", p.percent === null ? "" : `· ${p.percent}%`);
    } catch (err) { /* the server restarting: try again */ }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 1000);
}
