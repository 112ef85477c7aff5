// Shown when the browser shell page was opened without its per-launch token.
import { Alert, Center, MantineProvider } from '@mantine/core';
import '@mantine/core/styles.css';
import { theme } from './theme.js';

export function MissingLaunchLink() {
  return (
    <MantineProvider theme={theme}>
      <Center h="100vh" p="md">
        <Alert color="red" title="This page needs its launch link" maw={520}>
          Open the console from the address the Lamphouse console printed when it started (it ends with
          “?token=…”). For your security the link only works in the browser tab it was opened in.
        </Alert>
      </Center>
    </MantineProvider>
  );
}
