/** A tiny typed event stream: the network publishes, scene and UI subscribe and can unsubscribe. */
export class Emitter<Events extends { [K in keyof Events]: (...args: never[]) => void }> {
  readonly #handlers = new Map<keyof Events, Set<Events[keyof Events]>>();

  on<K extends keyof Events>(event: K, handler: Events[K]): () => void {
    let set = this.#handlers.get(event);
    if (!set) this.#handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    for (const handler of this.#handlers.get(event) ?? []) (handler as (...a: Parameters<Events[K]>) => void)(...args);
  }
}
