// A line of text to copy (a link, a command) with a Copy button: what st.code shows, without the
// 1.5 MB syntax highlighter st.code loads on the first page that has one (ui/copyline.py).

function copy(text) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  // Plain http on a classroom network has no clipboard API: copy a selection instead.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
}

export default function ({ data, parentElement }) {
  let box = parentElement.querySelector(".copyline");
  if (!box) {
    box = document.createElement("div");
    box.className = "copyline";
    box.innerHTML = '<code></code><button type="button"></button>';
    parentElement.appendChild(box);
    box.querySelector("button").addEventListener("click", () => {
      const button = box.querySelector("button");
      copy(box.querySelector("code").textContent).then(
        () => { button.textContent = box.dataset.copied; },
        () => { button.textContent = box.dataset.failed; },
      ).finally(() => setTimeout(() => { button.textContent = box.dataset.copy; }, 1500));
    });
  }
  if (!data) return;
  box.querySelector("code").textContent = data.text; // text, never markup
  box.dataset.copy = data.copy;
  box.dataset.copied = data.copied;
  box.dataset.failed = data.failed;
  const button = box.querySelector("button");
  button.textContent = data.copy;
  button.title = data.copy;
}
