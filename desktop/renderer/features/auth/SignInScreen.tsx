// Sign-in: email and password, checked by the core against the hub; shows the core's message
// (wrong password, rate limited with the wait, hub unreachable) exactly as given.
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { loginRequestSchema } from '../../../../shared/domain.js';
import { validationError } from '../../../../shared/errors.js';
import { userMessage } from '../../api/error-message.js';
import { useLogin } from './use-session.js';

type LoginErrors = Partial<Record<'email' | 'password', string>>;

export function SignInScreen() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<LoginErrors>({});
  const login = useLogin();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (login.isPending) return;
    const parsed = loginRequestSchema.safeParse({ email, password });
    if (!parsed.success) {
      const fields = validationError(parsed.error.issues).details?.fields ?? {};
      setFieldErrors({ email: fields.email, password: fields.password });
      return;
    }
    setFieldErrors({});
    login.mutate(parsed.data, { onSuccess: () => setPassword('') });
  };

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper component="main" withBorder shadow="sm" p="xl" w={400} maw="100%">
        <form onSubmit={submit} noValidate aria-labelledby="sign-in-title">
          <Stack>
            <div>
              <Title order={1} size="h2" id="sign-in-title">
                Sign in
              </Title>
              <Text c="dimmed" size="sm">
                Lamphouse service console
              </Text>
            </div>
            {login.isError && (
              <Alert color="red" title="Could not sign in">
                {userMessage(login.error)}
              </Alert>
            )}
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              autoFocus
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fieldErrors.email}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fieldErrors.password}
              visibilityToggleButtonProps={{ 'aria-label': 'Show what I typed' }}
            />
            <Button type="submit" loading={login.isPending} fullWidth>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
