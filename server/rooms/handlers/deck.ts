import { MARKS, deckPageUrl } from "../../../shared/domain/deck.ts";
import { normaliseText } from "../../../shared/domain/text.ts";
import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import type { DeckShown } from "../BoardShown.ts";
import type { Member, SpaceClient } from "../participants.ts";
import type { SpaceContext } from "./context.ts";

/**
 * The board's deck (shared/domain/deck.ts): staff put one of their organisation's decks up, turn
 * its pages and take it down; everyone's board follows, as the state's board fields change.
 * A page is an address, never its bytes: each child fetches the one page on the board, in the
 * size their screen needs. In a plaza no organisation's deck is found (the space is not theirs).
 */
export async function onShowDeck(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"showDeck">): Promise<void> {
  const deck = await ctx.decks.get(ctx.space, msg.deck);
  if (!deck?.ready) return ctx.sendError(staff, { code: "no_such_deck", about: "showDeck" });
  const page = msg.page ?? 1;
  if (page > deck.pages) return ctx.sendError(staff, { code: "no_such_page", about: "showDeck" });
  if (await showPage(ctx, staff, deck, page)) ctx.audit(staff, "show_deck", null, { deck: deck.id, page });
}

export async function onTurnPage(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"turnPage">): Promise<void> {
  const deck = ctx.board.deck;
  if (!deck) return ctx.sendError(staff, { code: "no_such_deck", about: "turnPage" });
  if (msg.page > deck.pages) return ctx.sendError(staff, { code: "no_such_page", about: "turnPage" });
  if (await showPage(ctx, staff, deck, msg.page)) ctx.audit(staff, "turn_page", null, { deck: deck.id, page: msg.page });
}

/** The organisation's picture comes back (or an empty board). */
export function onHideDeck(ctx: SpaceContext, staff: Member): void {
  if (!ctx.board.deck) return ctx.sendError(staff, { code: "no_such_deck", about: "hideDeck" });
  ctx.board.turn(); // a page still being read is not shown after this
  const deck = ctx.board.deck;
  ctx.board.deck = null;
  ctx.board.marks = [];
  Object.assign(ctx.state, { boardUrl: ctx.board.picture.url, boardTitle: ctx.board.picture.title, boardPage: 0, boardPages: 0, boardText: "" });
  ctx.log({ type: "board_page", participant: staff.userData.participant, page: 0, pages: 0 });
  ctx.audit(staff, "hide_deck", null, { deck: deck.id });
}

/** Everyone's board is gently highlighted; nobody's view moves (client/ui/board.ts). */
export function onLookHere(ctx: SpaceContext, staff: Member): void {
  ctx.broadcast("notice", { code: "look_here", by: staff.userData.identity.nickname });
  ctx.log({ type: "look_here", participant: staff.userData.participant });
  ctx.audit(staff, "look_here", null);
}

/** The organisation's picture changed: shown at once unless a deck covers it. */
export function pictureChanged(ctx: SpaceContext, picture: { url: string; title: string }): void {
  ctx.board.picture = picture;
  if (!ctx.board.deck) Object.assign(ctx.state, { boardUrl: picture.url, boardTitle: picture.title });
}

/** Writes on the page on the board; kept with the page, shown to everyone at once. */
export async function onMark(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"mark">): Promise<void> {
  const deck = ctx.board.deck;
  if (!deck) return ctx.sendError(staff, { code: "no_such_deck", about: "mark" });
  const mark = msg.kind === "text" ? { ...msg, text: normaliseText(msg.text, MARKS.textMaxChars) } : msg;
  if (mark.kind === "text" && !mark.text) return ctx.sendError(staff, { code: "empty_text", about: "mark" });
  const page = ctx.state.boardPage;
  const url = ctx.state.boardUrl;
  if (!(await ctx.decks.addMark(deck.id, page, mark))) return ctx.sendError(staff, { code: "page_full", about: "mark" });
  // Turned meanwhile: the mark is kept with its page, and comes up with it.
  if (ctx.state.boardUrl === url) {
    ctx.board.marks.push(mark);
    ctx.broadcast("boardMark", { page: url, mark });
  }
  ctx.audit(staff, "mark", null, { deck: deck.id, page, kind: mark.kind });
}

export async function onClearMarks(ctx: SpaceContext, staff: Member): Promise<void> {
  const deck = ctx.board.deck;
  if (!deck) return ctx.sendError(staff, { code: "no_such_deck", about: "clearMarks" });
  const page = ctx.state.boardPage;
  const url = ctx.state.boardUrl;
  await ctx.decks.clearMarks(deck.id, page);
  if (ctx.state.boardUrl === url) {
    ctx.board.marks = [];
    ctx.broadcast("boardMarks", { page: url, marks: [] });
  }
  ctx.audit(staff, "clear_marks", null, { deck: deck.id, page });
}

/** Someone arriving (or back) sees what is written on the page on the board. */
export function marksFor(ctx: SpaceContext, client: SpaceClient): void {
  if (ctx.board.deck && ctx.board.marks.length > 0) ctx.send(client, "boardMarks", { page: ctx.state.boardUrl, marks: ctx.board.marks });
}

/**
 * Puts a page up once its words are read; false if the deck is gone (the teacher is told) or a
 * later turn, or taking the deck down, overtook this one (nothing to tell: what they asked for
 * last is what the board shows).
 */
async function showPage(ctx: SpaceContext, staff: Member, deck: DeckShown, page: number): Promise<boolean> {
  const turn = ctx.board.turn();
  const [text, marks] = await Promise.all([ctx.decks.pageText(ctx.space, deck.id, page), ctx.decks.marks(deck.id, page)]);
  if (!ctx.board.isLatest(turn)) return false;
  if (text === null) {
    ctx.sendError(staff, { code: "no_such_deck", about: "turnPage" }); // deleted meanwhile
    return false;
  }
  ctx.board.deck = { id: deck.id, title: deck.title, pages: deck.pages };
  ctx.board.marks = marks;
  const url = deckPageUrl(deck.id, page);
  Object.assign(ctx.state, { boardUrl: url, boardTitle: deck.title, boardPage: page, boardPages: deck.pages, boardText: text });
  // Sent after the state changed, in the same tick: the page reads them once it has the new address.
  if (marks.length > 0) ctx.broadcast("boardMarks", { page: url, marks });
  ctx.log({ type: "board_page", participant: staff.userData.participant, page, pages: deck.pages });
  return true;
}
