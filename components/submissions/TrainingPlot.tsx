"use client";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** A baseline's training: mean loss per epoch (the autoencoder), with where and how long it ran. */
export function TrainingPlot({
  losses,
  device,
  backend,
  seconds,
}: {
  losses: number[];
  device: string;
  backend?: string;
  seconds?: number;
}) {
  const data = losses.map((loss, i) => ({ epoch: i + 1, loss }));
  return (
    <section className="card" aria-labelledby="training">
      <h2 id="training">Training</h2>
      <p className="muted">
        {losses.length} epochs on {device}
        {backend ? ` (TensorFlow.js ${backend} backend)` : ""}
        {seconds !== undefined ? ` in ${seconds.toFixed(1)} s` : ""}; loss {losses[0]?.toPrecision(4)} →{" "}
        {losses.at(-1)?.toPrecision(4)}.
      </p>
      <figure className="chart" data-testid="training-plot">
        <div style={{ width: "100%", height: 220 }}>
          <ResponsiveContainer initialDimension={{ width: 800, height: 220 }}>
            <LineChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="epoch" label={{ value: "epoch", position: "insideBottom", offset: -8 }} />
              <YAxis
                domain={["auto", "auto"]}
                label={{ value: "loss", angle: -90, position: "insideLeft" }}
              />
              <Tooltip formatter={(v) => Number(v).toPrecision(4)} />
              <Line dataKey="loss" stroke="#0b5fad" dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </section>
  );
}
