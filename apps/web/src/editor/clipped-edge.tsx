import { BaseEdge, Position, getSmoothStepPath, useStore, type EdgeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { DASH_PERIOD, clipRoute, clipSelector, sameRect } from './edge-culling';

/**
 * React Flow's step line, drawn only where it is near the screen (clipRoute): on a large map, a
 * dashed line to a node far away costs what is seen, not its whole length.
 */
export const ClippedStepEdge = memo(function ClippedStepEdge(props: EdgeProps) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition = Position.Bottom, targetPosition = Position.Top } = props;
  const [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const clip = useStore(clipSelector, sameRect);
  const d = useMemo(() => clipRoute(path, clip, DASH_PERIOD), [path, clip]);
  return (
    <BaseEdge
      id={id}
      path={d}
      labelX={labelX}
      labelY={labelY}
      label={props.label}
      labelStyle={props.labelStyle}
      labelShowBg={props.labelShowBg}
      labelBgStyle={props.labelBgStyle}
      labelBgPadding={props.labelBgPadding}
      labelBgBorderRadius={props.labelBgBorderRadius}
      style={props.style}
      markerEnd={props.markerEnd}
      markerStart={props.markerStart}
      interactionWidth={props.interactionWidth}
    />
  );
});

export const edgeTypes = { clipped: ClippedStepEdge };
