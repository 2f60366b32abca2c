// The event page's review forms share one "who" (and token) field: copy it into the form being sent.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var who = document.getElementById("who");
  var token = document.getElementById("token");
  document.querySelectorAll("form[data-copy-who]").forEach(function (form) {
    form.addEventListener("submit", function () {
      [who, token].forEach(function (source) {
        if (!source) return;
        var copy = form.querySelector("input[name='" + source.name + "'][type=hidden]");
        if (!copy) {
          copy = document.createElement("input");
          copy.type = "hidden";
          copy.name = source.name;
          form.appendChild(copy);
        }
        copy.value = source.value;
      });
    });
  });
});
