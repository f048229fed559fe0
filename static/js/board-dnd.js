/* The status board's columns (templates/activities/board.html), with Sortable (static/vendor/sortable/) and
cards.js.

- Drag a card to another column: a shortcut for its status form, which opens in the card with that column's
  status chosen, so the comment is still asked for. Cancel (or Escape, or opening another card's form) puts the
  card back where it was. Only cards the user may change move (the server marks their items "movable"); the
  form stays the way to do it with a keyboard or without JavaScript.
- A card whose status is saved goes to the column of its new status.
- On a narrow screen, where the columns stand one under another, they start folded (each is a <details>, open
  as the server sends it). After that each column stays as the user left it: across filter changes, and on
  this board's other orders and kinds of card (remembered for the tab, in sessionStorage).
*/
(function () {
  "use strict";

  var NARROW = window.matchMedia("(max-width: 40rem)");
  var STORED = "board-folded:" + window.location.pathname;
  var folded = null; // status ids of the columns folded, once the board has been set up
  var columns = new WeakSet(); // the columns set up: a column just swapped in says "open" before it is
  var origins = new Map(); // card id → {list, next}: where a dragged card came from, until saved or put back
  var dragStart = null;

  function columnOf(status) {
    return document.querySelector('.board ul.cards[data-status="' + status + '"]');
  }

  function showEmpty(list) {
    var empty = list.querySelector(":scope > li.empty");
    if (empty) empty.hidden = list.querySelector(":scope > li:not(.empty)") !== null;
  }

  function move(item, list, before) {
    var from = item.parentElement;
    if (!before || before.parentElement !== list) before = list.querySelector(":scope > li.empty");
    list.insertBefore(item, before);
    showEmpty(from);
    showEmpty(list);
    list.closest("details").open = true;
  }

  function putBack(card) {
    var origin = origins.get(card.id);
    origins.delete(card.id);
    if (origin) move(card.parentElement, origin.list, origin.next);
  }

  function dropped(event) {
    var item = event.item;
    var origin = dragStart;
    dragStart = null;
    if (event.to === event.from || !origin) return;
    showEmpty(event.from);
    showEmpty(event.to);
    var card = item.querySelector("article.card");
    var change = card && card.querySelector(".card-action[hx-get]");
    origins.set(card.id, origin);
    if (!change) {
      putBack(card);
      return;
    }
    var url = change.getAttribute("hx-get") + "?status=" + encodeURIComponent(event.to.dataset.status);
    htmx.ajax("GET", url, { target: "#" + card.id, swap: "outerHTML" }).then(function () {
      // Refused or failed (the form did not open): back where it was.
      var now = document.getElementById(card.id);
      if (now && origins.has(card.id) && !now.querySelector("form")) putBack(now);
    });
  }

  function remembered() {
    try {
      var stored = window.sessionStorage.getItem(STORED);
      return stored === null ? null : new Set(JSON.parse(stored));
    } catch (error) {
      return null; // storage refused (private mode) or spoilt: the default
    }
  }

  function remember() {
    try {
      window.sessionStorage.setItem(STORED, JSON.stringify(Array.from(folded)));
    } catch (error) {
      // Not kept across pages then; the columns still fold.
    }
  }

  function setUp(root) {
    var board = root.querySelector && root.querySelector(".board");
    if (!board) return;
    if (folded === null) folded = remembered();
    board.querySelectorAll("details.board-column-cards").forEach(function (column) {
      var status = column.querySelector("ul.cards").dataset.status;
      if (folded === null ? NARROW.matches : folded.has(status)) column.open = false;
      columns.add(column);
    });
    folded = new Set();
    board.querySelectorAll("details.board-column-cards:not([open]) ul.cards").forEach(function (list) {
      folded.add(list.dataset.status);
    });
    board.querySelectorAll("ul.cards[data-status]").forEach(function (list) {
      Sortable.create(list, {
        group: "board",
        sort: false, // the order within a column is the board's sort order
        draggable: "li.movable",
        // A card with its form open stays put: its fields take the pointer.
        filter: function (event, item) { return item.querySelector("form") !== null; },
        preventOnFilter: false,
        delay: 250,
        delayOnTouchOnly: true, // on a touch screen a short touch scrolls; a long one drags
        onStart: function (event) { dragStart = { list: event.from, next: event.item.nextElementSibling }; },
        onEnd: dropped,
      });
    });
  }

  document.addEventListener("toggle", function (event) {
    var column = event.target;
    if (!columns.has(column)) return;
    var status = column.querySelector("ul.cards").dataset.status;
    if (column.open) folded.delete(status);
    else folded.add(status);
    remember();
  }, true); // toggle does not bubble

  document.addEventListener("card:settled", function (event) {
    var card = event.target;
    var state = event.detail.state;
    if (state === "closed") {
      putBack(card);
    } else if (state === "saved") {
      origins.delete(card.id);
      var list = columnOf(card.dataset.status);
      if (list && card.parentElement.parentElement !== list) move(card.parentElement, list);
    }
  });

  htmx.onLoad(function (element) {
    if (element === document.body) setUp(document);
    else if (element.id === "plan") setUp(element);
  });
})();
