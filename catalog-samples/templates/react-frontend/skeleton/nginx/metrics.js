// Prometheus text for nginx, made from the stub_status counters (njs; nginx.conf imports it).
// Written for njs: no destructuring or spread.

var CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

var SERIES = [
    ['nginx_connections_active', 'gauge', 'Client connections open now, including waiting ones.'],
    ['nginx_connections_accepted_total', 'counter', 'Client connections accepted.'],
    ['nginx_connections_handled_total', 'counter', 'Client connections handled.'],
    ['nginx_http_requests_total', 'counter', 'Client requests.'],
    ['nginx_connections_reading', 'gauge', 'Connections where nginx is reading the request header.'],
    ['nginx_connections_writing', 'gauge', 'Connections where nginx is writing the response.'],
    ['nginx_connections_waiting', 'gauge', 'Idle keep-alive connections.']
];

// "Active connections: 2 \nserver accepts handled requests\n 10 10 31 \nReading: 0 Writing: 1 Waiting: 1 \n"
function parse(text) {
    var numbers = (text || '').match(/\d+/g);
    return numbers && numbers.length === SERIES.length ? numbers : null;
}

function format(numbers) {
    var lines = [
        '# HELP nginx_up Whether nginx answered its stub_status subrequest.',
        '# TYPE nginx_up gauge',
        'nginx_up ' + (numbers ? 1 : 0)
    ];
    if (numbers) {
        for (var i = 0; i < SERIES.length; i++) {
            lines.push('# HELP ' + SERIES[i][0] + ' ' + SERIES[i][2]);
            lines.push('# TYPE ' + SERIES[i][0] + ' ' + SERIES[i][1]);
            lines.push(SERIES[i][0] + ' ' + numbers[i]);
        }
    }
    return lines.join('\n') + '\n';
}

async function render(r) {
    var numbers = null;
    try {
        var reply = await r.subrequest('/internal/stub_status');
        if (reply.status === 200) numbers = parse(reply.responseText);
    } catch (e) {
        r.error('metrics: stub_status subrequest failed: ' + e);
    }
    r.headersOut['Content-Type'] = CONTENT_TYPE;
    r.headersOut['Cache-Control'] = 'no-store';
    r.return(numbers ? 200 : 503, format(numbers));
}

export default { render: render, parse: parse, format: format };
