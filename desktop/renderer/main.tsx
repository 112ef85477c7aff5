import { createRoot } from 'react-dom/client';
import { MantineProvider, Button } from '@mantine/core';
import '@mantine/core/styles.css';
const el = document.getElementById('root');
if (el) createRoot(el).render(<MantineProvider><Button>Hi</Button></MantineProvider>);
