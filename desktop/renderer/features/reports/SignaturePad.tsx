// The customer's signature drawn on screen with a finger, pen or mouse (pointer events), exported
// as a PNG data URL after each stroke; Clear starts again. Read-only shows the saved image.
import { Button, Group, Image, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { canvasPoint, isSignature, strokePath, type Point } from './report-form.js';

const WIDTH = 600;
const HEIGHT = 200;

export function SignaturePad({ value, onChange, readOnly, error }: { value: string | null; onChange: (png: string | null) => void; readOnly: boolean; error?: string | undefined }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Point[][]>([]);
  const drawing = useRef(false);
  // A saved signature is shown as an image until the engineer clears it to draw a new one.
  const [editing, setEditing] = useState(value === null);
  useEffect(() => {
    if (value === null) setEditing(true);
  }, [value]);

  const redraw = () => {
    const ctx = canvasRef.current?.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
    ctx.strokeStyle = '#111111';
    ctx.lineWidth = 2.5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const stroke of strokes.current) ctx.stroke(new Path2D(strokePath(stroke)));
  };

  useEffect(() => {
    if (editing) redraw();
  }, [editing]);

  const point = (e: PointerEvent<HTMLCanvasElement>) => canvasPoint(e.clientX, e.clientY, e.currentTarget.getBoundingClientRect(), WIDTH, HEIGHT);

  const onDown = (e: PointerEvent<HTMLCanvasElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = true;
    strokes.current.push([point(e)]);
    redraw();
  };
  const onMove = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    strokes.current[strokes.current.length - 1]?.push(point(e));
    redraw();
  };
  const onUp = () => {
    if (!drawing.current) return;
    drawing.current = false;
    const canvas = canvasRef.current;
    if (canvas && isSignature(strokes.current)) onChange(canvas.toDataURL('image/png'));
  };
  const clear = () => {
    strokes.current = [];
    setEditing(true);
    redraw();
    onChange(null);
  };

  if (!editing && value) {
    return (
      <Stack gap={4}>
        <Paper withBorder p={4} maw={WIDTH}>
          <Image src={value} alt="The customer's signature" fit="contain" h={HEIGHT / 2} />
        </Paper>
        {!readOnly && (
          <Group>
            <Button size="xs" variant="default" onClick={clear}>
              Clear and sign again
            </Button>
          </Group>
        )}
      </Stack>
    );
  }
  if (readOnly) return <Text size="sm" c="dimmed">Not signed.</Text>;
  return (
    <Stack gap={4}>
      <Paper withBorder p={0} maw={WIDTH} style={{ borderColor: error ? 'var(--mantine-color-red-6)' : undefined }}>
        <canvas
          ref={canvasRef}
          width={WIDTH}
          height={HEIGHT}
          aria-label="Signature pad: the customer signs here with a finger, pen or mouse"
          role="img"
          style={{ width: '100%', height: 'auto', touchAction: 'none', cursor: 'crosshair', display: 'block' }}
          onPointerDown={onDown}
          onPointerMove={onMove}
          onPointerUp={onUp}
          onPointerCancel={onUp}
        />
      </Paper>
      <Group gap="xs">
        <Button size="xs" variant="default" onClick={clear}>
          Clear
        </Button>
        <Text size="xs" c={error ? 'red' : 'dimmed'}>
          {error ?? (value ? 'Signed.' : 'Sign in the box above.')}
        </Text>
      </Group>
    </Stack>
  );
}
