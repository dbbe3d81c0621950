import { createBrowserRouter, RouterProvider } from 'react-router';
import { EditorPage } from './pages/EditorPage';
import { MapListPage } from './pages/MapListPage';

const router = createBrowserRouter([
  { path: '/', element: <MapListPage /> },
  // The URL people share: /maps/<mapId>
  { path: '/maps/:mapId', element: <EditorPage /> },
  { path: '*', element: <MapListPage /> },
]);

export function App() {
  return <RouterProvider router={router} />;
}
