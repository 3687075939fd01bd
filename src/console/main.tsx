import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { App } from './App';
import { labelTableCells } from './ui/tableLabels';

const root = document.getElementById('app')!;
render(<App />, root);
labelTableCells(root);
