/**
 * This terminal's own display preferences (language, camera, sound, idle lock, the keyboard-wedge
 * scanner's encoding), kept in localStorage: they belong to the screen, not to the core or the
 * backend. A wedge scanner types into this window, so no hardware config file knows of it.
 */
import { createContext, useContext, useSyncExternalStore } from 'react';
import { LIMITS } from '../../common/limits';
import { DEFAULT_SCAN_TEXT_ENCODING, isScanTextEncoding, type ScanTextEncoding } from '../../common/scan-encoding';
import { isLanguage, type Language } from '../i18n/create-i18n';

export interface Preferences {
  language: Language;
  /** null: let the browser pick (the rear camera where there is one). */
  cameraDeviceId: string | null;
  /** The scan prompt opens with the camera running; off by default so no permission prompt surprises. */
  cameraEnabled: boolean;
  soundEnabled: boolean;
  /** Idle time before the screen locks (issue 10), within LIMITS.idleLockMsMin…Max; set by a manager. */
  idleLockMs: number;
  /** Of characters a keyboard-wedge scanner types in Alt mode (Shift_JIS for many Japanese scanners). */
  wedgeEncoding: ScanTextEncoding;
}

/** Keeps a stored or chosen idle time inside the allowed bounds (a damaged value gets the default). */
export function clampIdleLockMs(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return LIMITS.idleLockMsDefault;
  return Math.min(LIMITS.idleLockMsMax, Math.max(LIMITS.idleLockMsMin, Math.round(value)));
}

const STORAGE_KEY = 'kumapay.preferences';
export const DEFAULT_PREFERENCES: Preferences = { language: 'ja', cameraDeviceId: null, cameraEnabled: false, soundEnabled: true, idleLockMs: LIMITS.idleLockMsDefault, wedgeEncoding: DEFAULT_SCAN_TEXT_ENCODING };

export interface PreferencesStore {
  get(): Preferences;
  set(patch: Partial<Preferences>): void;
  subscribe(onChange: () => void): () => void;
}

function read(storage: Storage | null): Preferences {
  const raw = storage?.getItem(STORAGE_KEY);
  if (!raw) return DEFAULT_PREFERENCES;
  let stored: unknown;
  try {
    stored = JSON.parse(raw);
  } catch {
    // A damaged entry only loses display preferences; start from the defaults.
    return DEFAULT_PREFERENCES;
  }
  if (typeof stored !== 'object' || stored === null) return DEFAULT_PREFERENCES;
  const s = stored as Record<string, unknown>;
  return {
    language: isLanguage(s.language) ? s.language : DEFAULT_PREFERENCES.language,
    cameraDeviceId: typeof s.cameraDeviceId === 'string' ? s.cameraDeviceId : null,
    cameraEnabled: s.cameraEnabled === true,
    soundEnabled: s.soundEnabled !== false,
    idleLockMs: clampIdleLockMs(s.idleLockMs),
    wedgeEncoding: isScanTextEncoding(s.wedgeEncoding) ? s.wedgeEncoding : DEFAULT_PREFERENCES.wedgeEncoding,
  };
}

export function createPreferencesStore(storage: Storage | null, initial?: Partial<Preferences>): PreferencesStore {
  let current: Preferences = { ...read(storage), ...initial };
  const watchers = new Set<() => void>();
  return {
    get: () => current,
    set(patch) {
      current = { ...current, ...patch };
      current.idleLockMs = clampIdleLockMs(current.idleLockMs);
      storage?.setItem(STORAGE_KEY, JSON.stringify(current));
      for (const watcher of [...watchers]) watcher();
    },
    subscribe(onChange) {
      watchers.add(onChange);
      return () => watchers.delete(onChange);
    },
  };
}

export const PreferencesContext = createContext<PreferencesStore | null>(null);

export function usePreferencesStore(): PreferencesStore {
  const store = useContext(PreferencesContext);
  if (!store) throw new Error('PreferencesContext missing above this component');
  return store;
}

export function usePreferences(): Preferences {
  const store = usePreferencesStore();
  return useSyncExternalStore(store.subscribe, store.get);
}
