/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The backend's API base, fixed at build time (`?api=` overrides it at run time). */
  readonly VITE_RUN_API?: string;
}
