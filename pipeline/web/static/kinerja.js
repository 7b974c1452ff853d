// Progressive enhancement only: every form works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // A step may take a few seconds: show that it runs and keep it from being pressed twice.
  for (const form of document.querySelectorAll("form.sibuk-saat-kirim")) {
    form.addEventListener("submit", () => {
      document.getElementById("sibuk").hidden = false;
      for (const b of form.querySelectorAll("button")) { setTimeout(() => { b.disabled = true; }, 0); }
    });
  }
  // Files dropped on the box go into the file field, then are sent at once.
  const box = document.getElementById("kotak-tarik");
  const field = document.getElementById("pilih-berkas");
  if (box && field) {
    box.addEventListener("dragover", (e) => { e.preventDefault(); box.classList.add("aktif"); });
    box.addEventListener("dragleave", () => box.classList.remove("aktif"));
    box.addEventListener("drop", (e) => {
      e.preventDefault();
      box.classList.remove("aktif");
      field.files = e.dataTransfer.files;
      field.form.requestSubmit();
    });
  }
});
