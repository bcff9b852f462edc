/** Staff sign-in with code and PIN (the form is shared with the lock overlay: LoginForm). */
import { useTranslation } from 'react-i18next';
import { LoginForm } from '../components/LoginForm';
import { Screen } from '../components/Screen';

export function LoginScreen() {
  const { t } = useTranslation();
  return (
    <Screen title={t('login.title')} testId="screen-login" focusTitle={false} nav={false}>
      <LoginForm idPrefix="login" submitLabel={t('login.submit')} />
    </Screen>
  );
}
