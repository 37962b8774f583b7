import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';

/** Says something to screen-reader users through a polite live region. */
export type Announce = (message: string) => void;

const AnnounceContext = createContext<Announce>(() => {});

/** The polite live region of a pane, and the `announce` function its descendants use. */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState({ text: '', n: 0 });
  const announce = useCallback<Announce>((text) => setMessage((old) => ({ text, n: old.n + 1 })), []);
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div className="visually-hidden" role="status" aria-live="polite" data-testid="map-announcer">
        {/* A fresh key makes the same message announced twice in a row still be read. */}
        <span key={message.n}>{message.text}</span>
      </div>
    </AnnounceContext.Provider>
  );
}

/** The nearest pane's announcer. */
export function useAnnounce(): Announce {
  return useContext(AnnounceContext);
}
