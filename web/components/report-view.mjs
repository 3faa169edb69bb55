// The base of the elements that draw the report (marked `data-report` in
// index.html; web/app.mjs): the controller sets `report` (and `client`) after
// every analysis and calls render() after a language switch. A subclass writes
// render(), reading this.report; reportChanged(report) is where it drops what a
// new report makes stale (a chosen manager who is no longer in it...).

export class ReportView extends HTMLElement {
  #report = null;
  client = null;

  get report() { return this.#report; }
  set report(value) {
    this.#report = value ?? null;
    this.reportChanged(this.#report);
    this.render();
  }

  /** Called with each new report (or null), before it is rendered. */
  reportChanged() {}

  #listening = false; // a move connects the element again: its listeners are there already
  connectedCallback() {
    if (!this.#listening) this.listen();
    this.#listening = true;
    this.render();
  }

  /** Adds the element's event listeners (once, before its first render). */
  listen() {}

  render() {}
}
