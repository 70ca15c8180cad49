// The JavaScript side of `cargo xtask bench --compare`: the same demo as the widget's
// InferencePanel, written the usual way with React 18 and @huggingface/inference, measured the
// same way as tests/bench/main.rs (Generate to the last token in the DOM, DOM mutation records,
// long tasks), and reported by POSTing the same `BENCH` line to the `report` address.
//
// Query: ?server=<token server base URL>&tokens=<tokens streamed>&report=<URL for the result>
import { InferenceClient } from "@huggingface/inference";
import { useState } from "react";
import { createRoot } from "react-dom/client";

const query = new URLSearchParams(location.search);
const server = query.get("server");
const tokens = Number(query.get("tokens"));

function Panel() {
  const [prompt, setPrompt] = useState("Count");
  const [text, setText] = useState("");
  const [status, setStatus] = useState("");
  async function generate(event) {
    event.preventDefault();
    setText("");
    setStatus("Generating…");
    const client = new InferenceClient("hf_bench", { endpointUrl: server });
    let count = 0;
    try {
      const stream = client.chatCompletionStream({
        model: "bench",
        messages: [{ role: "user", content: prompt }],
      });
      for await (const chunk of stream) {
        const delta = chunk.choices?.[0]?.delta?.content;
        if (delta) {
          count += 1;
          setText((shown) => shown + delta);
        }
      }
      setStatus(`${count} tokens`);
    } catch (error) {
      setStatus(`Failed: ${error}`);
    }
  }
  return (
    <form onSubmit={generate}>
      <textarea value={prompt} onChange={(e) => setPrompt(e.target.value)} />
      <button type="submit">Generate</button>
      <p className="status">{status}</p>
      <div className="answer">{text}</div>
    </form>
  );
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure() {
  await sleep(100); // React 18's createRoot renders asynchronously.
  const expected = Array.from({ length: tokens }, (_, i) => `w${i % 10} `).join("");
  const longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  const answer = document.querySelector(".answer");
  let updates = 0;
  let doneAt = null;
  new MutationObserver((records) => {
    updates += records.length;
    if (doneAt === null && answer.textContent.length >= expected.length) doneAt = performance.now();
  }).observe(answer, { childList: true, characterData: true, subtree: true });

  await sleep(200);
  const startedAt = performance.now();
  document.querySelector("button[type='submit']").click();
  const status = document.querySelector(".status");
  for (let i = 0; i < 1200 && !(doneAt !== null && status.textContent.endsWith(" tokens")); i++) {
    await sleep(50);
  }
  await sleep(100);
  const during = longTasks.filter((t) => t.start >= startedAt - 1);
  const longest = during.reduce((most, t) => Math.max(most, t.duration), 0);
  // The same line as the widget's bench prints (xtask/src/bench/measurement.rs reads it).
  const line =
    `BENCH tokens=${tokens} last_token_on_page_ms=${doneAt === null ? "none" : Math.round(doneAt - startedAt)}` +
    ` dom_updates=${updates} long_tasks=${during.length} longest_task_ms=${Math.round(longest)}` +
    ` text_ok=${answer.textContent === expected} panel="${status.textContent}"`;
  await fetch(query.get("report"), { method: "POST", body: line });
}

createRoot(document.getElementById("root")).render(<Panel />);
measure();
