// Wiki editor: show markdownx's refused uploads as a readable message instead of the
// "Invalid response" text markdownx drops into the editor. Without JavaScript the plain
// upload page does the same job.
(function () {
  "use strict";
  function showError(container, text) {
    var box = container.parentNode.querySelector(".wiki-upload-error");
    if (!box) {
      box = document.createElement("p");
      box.className = "errorlist wiki-upload-error";
      box.setAttribute("role", "alert");
      container.parentNode.insertBefore(box, container);
    }
    box.textContent = text;
  }
  document.querySelectorAll(".markdownx").forEach(function (container) {
    var editor = container.querySelector("textarea");
    ["markdownx.fileUploadError", "fileUploadError"].forEach(function (name) {
      container.addEventListener(name, function (event) {
        var message = "The upload was refused.";
        try {
          var data = event.detail && event.detail[0];
          if (typeof data === "string") { data = JSON.parse(data); }
          if (data && data.error) { message = data.error; }
        } catch (e) { /* keep the generic message */ }
        showError(container, message);
        // markdownx inserts a placeholder where the image would have gone; take it out again.
        if (editor) { editor.value = editor.value.replace("Invalid response", ""); }
      });
    });
    container.addEventListener("markdownx.fileUploadEnd", function () {
      var box = container.parentNode.querySelector(".wiki-upload-error");
      if (box) { box.remove(); }
    });
  });
})();
