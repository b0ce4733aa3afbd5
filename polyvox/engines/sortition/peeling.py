"""Splitting a target point of the quota polytope into valid panels (Carathéodory peeling).

The target y (expected count per type) lies in Q, the polytope the quota rows cut out.
Take a valid panel p on the smallest face of Q that holds y (every quota row and type
bound tight at y is tight at p too), and move from p through y as far as Q allows:
y = a p + (1 - a) y' with y' on a smaller face. Repeat with y'. Each step makes one
more constraint tight, so after at most (number of types + 1) steps the face is a
single point, a panel itself. That gives the mix in about as many panels as it needs,
where column generation piles up many times more, one LP round for every few.

Q can hold points that no mix of panels reaches; then at some step the face holds no
panel and peeling stops. Its panels still seed the exact column generation
(relaxation.PanelMix), which decides.
"""

from __future__ import annotations

import highspy
import numpy as np

from polyvox.engines.sortition import highs
from polyvox.engines.sortition.model import ProgressCallback
from polyvox.engines.sortition.pricing import panel_rows
from polyvox.engines.sortition.problem import FloatArray, IntArray, Problem

# Slack (in expected people) under which a constraint counts as tight.
TIGHT = 1e-9
# Stop once this little probability mass is left; the LP mix absorbs the rest.
REMAINDER = 1e-9
# An LP vertex this close to integers is a panel.
INTEGRALITY = 1e-9

# Lower and upper bounds of the type counts, then of the panel rows.
Face = tuple[FloatArray, FloatArray, FloatArray, FloatArray]


class Peeler:
    def __init__(self, problem: Problem, seed: int) -> None:
        matrix, lower, upper = panel_rows(problem)
        self.matrix = matrix
        self.lower = lower
        self.upper = upper
        self.capacity = problem.type_counts.astype(np.float64)
        self.seed = seed
        self._solvers: dict[bool, highspy.Highs] = {}
        self.face_lps = 0
        self.face_mips = 0

    def peel(
        self, target: FloatArray, on_progress: ProgressCallback | None = None
    ) -> list[IntArray]:
        """Panels whose mix may reach the target; all it needs when peeling completes."""
        residual = target.astype(np.float64).copy()
        mass = 1.0
        panels: list[IntArray] = []
        while mass > REMAINDER:
            panel = self._panel_on_face(
                self._face(residual, mass), residual / (self.capacity * mass)
            )
            if panel is None:
                break
            panels.append(panel)
            step = self._step(residual, mass, panel)
            if step >= mass - REMAINDER:
                break
            residual -= step * panel
            mass -= step
            if on_progress is not None:
                on_progress(1.0 - mass, f"{len(panels)} panels, {mass:.1e} left to split")
        return panels

    def _face(self, residual: FloatArray, mass: float) -> Face:
        """Type and row bounds of the smallest face of Q holding residual / mass."""
        type_low = np.where(residual >= self.capacity * mass - TIGHT, self.capacity, 0.0)
        type_high = np.where(residual <= TIGHT, 0.0, self.capacity)
        rows = self.matrix @ residual
        row_low = np.where(rows >= self.upper * mass - TIGHT, self.upper, self.lower)
        row_high = np.where(rows <= self.lower * mass + TIGHT, self.lower, self.upper)
        return type_low, type_high, row_low, row_high

    def _step(self, residual: FloatArray, mass: float, panel: IntArray) -> float:
        """The largest weight a such that (residual - a panel) / (mass - a) stays in Q."""
        limits = [mass]
        counts = panel.astype(np.float64)
        rows_now = self.matrix @ residual
        rows_panel = self.matrix @ counts
        for numerator, denominator in (
            (residual, counts),  # type count stays >= 0
            (self.capacity * mass - residual, self.capacity - counts),  # <= capacity
            (rows_now - self.lower * mass, rows_panel - self.lower),  # row >= lower
            (self.upper * mass - rows_now, self.upper - rows_panel),  # row <= upper
        ):
            binding = (denominator > 0.5) & (numerator > TIGHT)
            if binding.any():
                limits.append(float(np.min(numerator[binding] / denominator[binding])))
        return max(0.0, min(limits))

    def _panel_on_face(self, face: Face, preference: FloatArray) -> IntArray | None:
        """A valid panel on the face, or None when it holds none.

        It favours the kinds of people with the most probability left, which takes
        larger steps. The face's LP vertex is tried first: Q is nearly integral, so
        it often is a panel already, at a fiftieth of a MIP's cost.
        """
        type_low, type_high, row_low, row_high = face
        types = len(type_low)
        for integer in (False, True):
            solver = self._solver(integer)
            solver.changeColsBounds(types, np.arange(types, dtype=np.int32), type_low, type_high)
            highs.set_row_bounds(solver, row_low, row_high)
            highs.set_costs(solver, preference)
            solver.run()
            if integer:
                self.face_mips += 1
            else:
                self.face_lps += 1
            if solver.getInfo().primal_solution_status != 2:
                return None
            values = highs.column_values(solver)
            rounded = np.rint(values)
            if integer or np.abs(values - rounded).max() <= INTEGRALITY:
                return rounded.astype(np.int64)
        return None

    def _solver(self, integer: bool) -> highspy.Highs:
        if integer not in self._solvers:
            solver = highs.new_solver(self.seed)
            highs.pass_model(
                solver,
                costs=np.zeros(len(self.capacity)),
                col_lower=np.zeros(len(self.capacity)),
                col_upper=self.capacity,
                matrix=self.matrix,
                row_lower=self.lower,
                row_upper=self.upper,
                integer=integer,
                maximise=True,
            )
            # Any panel on the face will do (the preference only steers which one):
            # stop at the first one found. Presolve stays on for the MIP (the face fixes
            # many types: on syn_e_110 53 CPU s with it, 78 without), off for the LP,
            # which restarts warm from the last face.
            solver.setOptionValue("mip_max_improving_sols", 1)
            solver.setOptionValue("mip_rel_gap", 0.05)
            if not integer:
                solver.setOptionValue("presolve", "off")
            self._solvers[integer] = solver
        return self._solvers[integer]
