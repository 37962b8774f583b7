/**
 * A latency observer: a full client ({@link connectFullClient}) that also edits, like every editor, and timestamps
 * every edit and every presence change of the others as it applies them.
 *
 * - Edit latency: for each update the observer's doc applies, the edits it holds ({@link editsIn}); latency is the
 *   time of applying minus the edit's send time in the shared {@link SendLog}. Each edit counts once, when first seen.
 * - Cursor latency: every presence carries its send time in `t`; latency is the time the observer's awareness takes
 *   it minus `t`.
 * Only edits and presences sent inside the measurement window count.
 */
import * as Y from 'yjs';
import { connectFullClient, docWithClientId, type FullClient } from './full-client.js';
import { recordSend, sendTimeOf, type SendLog } from './send-log.js';
import type { ConnectTarget } from './servers.js';
import { EDIT_CLOCKS, clientIdOf, createOwnPurpose, editorOf, editsIn, nowMs, presenceState, typeEdit } from './workload.js';

/** What an observer measured. */
export interface ObserverReport {
  index: number;
  editLatencies: Float64Array;
  cursorLatencies: Float64Array;
  /** Edits the others sent that this observer's doc does not hold. */
  missingEdits: number;
  closeCodes: number[];
}

/** One observer in one room. */
export class Observer {
  private readonly client: FullClient;
  private text: Y.XmlText | undefined;
  private readonly seen: Int32Array;
  private readonly editLatencies: number[] = [];
  private readonly cursorLatencies: number[] = [];
  private windowFrom = Number.POSITIVE_INFINITY;
  private windowTo = Number.POSITIVE_INFINITY;
  private edits = 0;
  private steps = 0;

  constructor(
    target: ConnectTarget,
    room: string,
    readonly index: number,
    private readonly log: SendLog,
  ) {
    this.seen = new Int32Array(log.editors);
    const doc = docWithClientId(clientIdOf(index));
    this.client = connectFullClient(target, room, doc);
    doc.on('update', (update: Uint8Array) => this.onUpdate(update));
    this.client.awareness.on('update', (change: { added: number[]; updated: number[] }, origin: unknown) => this.onPresence(change, origin));
  }

  /** Waits for the first sync, then adds this editor's purpose and publishes where its edits start. */
  async join(): Promise<void> {
    await this.client.synced;
    this.text = createOwnPurpose(this.client.doc, this.index);
    this.log.startClocks[this.index] = Y.getState(this.client.doc.store, this.client.doc.clientID);
  }

  /** Counts only what was sent in [from, to). */
  setWindow(from: number, to: number): void {
    this.windowFrom = from;
    this.windowTo = to;
  }

  /** Types one edit through the provider, logging its send time first. */
  edit(): void {
    if (!this.text || this.edits >= this.log.maxEdits) return;
    recordSend(this.log, this.index, this.edits, nowMs());
    this.edits += 1;
    typeEdit(this.text);
  }

  /** Moves the pointer: a new presence, stamped with its send time. */
  movePointer(): void {
    this.client.awareness.setLocalState(presenceState(this.index, this.steps++, nowMs()));
  }

  /** Edits the others have sent that this doc does not hold. */
  missingEdits(): number {
    let missing = 0;
    for (let editor = 0; editor < this.log.editors; editor++) {
      if (editor === this.index) continue;
      const sent = Atomics.load(this.log.sentCounts, editor);
      if (sent === 0) continue;
      const held = Math.floor((Y.getState(this.client.doc.store, clientIdOf(editor)) - (this.log.startClocks[editor] as number)) / EDIT_CLOCKS);
      missing += Math.max(0, sent - Math.max(0, held));
    }
    return missing;
  }

  report(): ObserverReport {
    return {
      index: this.index,
      editLatencies: Float64Array.from(this.editLatencies),
      cursorLatencies: Float64Array.from(this.cursorLatencies),
      missingEdits: this.missingEdits(),
      closeCodes: [...this.client.closeCodes],
    };
  }

  destroy(): void {
    this.client.destroy();
    this.client.doc.destroy();
  }

  private onUpdate(update: Uint8Array): void {
    const at = nowMs();
    editsIn(update, this.log.editors, (editor) => this.log.startClocks[editor] as number, (editor, first, end) => {
      if (editor === this.index) return;
      for (let k = Math.max(first, this.seen[editor] as number); k < end; k++) {
        const sentAt = sendTimeOf(this.log, editor, k);
        if (sentAt >= this.windowFrom && sentAt < this.windowTo) this.editLatencies.push(at - sentAt);
      }
      this.seen[editor] = Math.max(this.seen[editor] as number, end);
    });
  }

  private onPresence({ added, updated }: { added: number[]; updated: number[] }, origin: unknown): void {
    if (origin === 'local') return;
    const at = nowMs();
    const states = this.client.awareness.getStates();
    for (const clientId of [...added, ...updated]) {
      const editor = editorOf(clientId, this.log.editors);
      if (editor < 0 || editor === this.index) continue;
      const sentAt = (states.get(clientId) as { t?: unknown } | undefined)?.t;
      if (typeof sentAt === 'number' && sentAt >= this.windowFrom && sentAt < this.windowTo) this.cursorLatencies.push(at - sentAt);
    }
  }
}
