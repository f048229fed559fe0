/* The status form inside a card (templates/activities/board.html#card), on the board and in "my activities".

Without this file everything still works: "Change status", "Save status" and "Cancel" are htmx requests that
are also plain links and a plain form. With it:
- Escape in an open form closes it, as Cancel does;
- one form is open at a time: opening one closes any other;
- after a save, focus goes to the card's heading and the page's live region (#announcer) says what was saved;
  after Cancel, focus goes back to the card's "Change status";
- each card that settles in place tells the page what it now is, with a "card:settled" event on the card
  (detail.state: "open", "saved" or "closed"), before focus moves (board-dnd.js listens).
Focus after a form error needs nothing here: the server marks the field in error autofocus, which htmx focuses.
*/
(function () {
  "use strict";

  // The card whose Cancel the user chose (click or Escape): when it is back closed, focus returns to it.
  var cancelledByUser = null;

  function stateOf(card) {
    if (card.querySelector("form")) return "open";
    return card.querySelector(".card-saved") ? "saved" : "closed";
  }

  function close(card) {
    var cancel = card.querySelector(".card-cancel[hx-get]");
    if (cancel) htmx.ajax("GET", cancel.getAttribute("hx-get"), { target: "#" + card.id, swap: "outerHTML" });
  }

  function announce(text) {
    var region = document.getElementById("announcer");
    if (!region || !text) return;
    region.textContent = "";
    // A moment between clearing and saying, so the same words twice in a row are announced twice.
    window.setTimeout(function () { region.textContent = text; }, 100);
  }

  document.addEventListener("click", function (event) {
    var cancel = event.target.closest && event.target.closest(".card-cancel");
    if (cancel) cancelledByUser = cancel.closest("article.card").id;
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    var card = event.target.closest && event.target.closest("article.card");
    if (!card || stateOf(card) !== "open") return;
    event.preventDefault();
    cancelledByUser = card.id;
    close(card);
  });

  htmx.onLoad(function (element) {
    if (!element.matches || !element.matches("article.card")) return;
    var card = element;
    var state = stateOf(card);
    card.dispatchEvent(new CustomEvent("card:settled", { bubbles: true, detail: { state: state } }));
    if (state === "open") {
      document.querySelectorAll("article.card form").forEach(function (form) {
        var other = form.closest("article.card");
        if (other !== card) close(other);
      });
      return;
    }
    if (state === "saved") {
      var heading = card.querySelector(".card-title");
      heading.tabIndex = -1;
      heading.focus();
      announce(card.querySelector(".card-saved").dataset.announce);
    } else if (cancelledByUser === card.id) {
      var change = card.querySelector(".card-action");
      if (change) change.focus();
    }
    if (cancelledByUser === card.id) cancelledByUser = null;
  });
})();
