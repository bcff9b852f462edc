// Typed translation keys: a misspelt key or a missing error code fails the type check.
import 'i18next';
import type { Resources } from './ja';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Resources };
  }
}
