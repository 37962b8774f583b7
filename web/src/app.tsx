import { BrowserRouter, Route, Routes } from 'react-router';
import { AppLayout } from './components/app-layout';
import { BoardList } from './components/board-list';
import { BoardView } from './components/board-view';
import { NameGate } from './components/name-gate';
import { NotFound } from './components/not-found';

/** The Placeboard web app: asks for a name, then routes to the board list or a board. */
export function App() {
  return (
    <NameGate>
      <BrowserRouter>
        <Routes>
          <Route element={<AppLayout />}>
            <Route index element={<BoardList />} />
            <Route path="b/:id" element={<BoardView />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </NameGate>
  );
}
