/** Side-effect stylesheet imports (Vite bundles them into the app's one stylesheet). */
declare module '*.css';
