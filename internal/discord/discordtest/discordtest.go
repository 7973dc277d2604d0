// Package discordtest is a protocol-faithful fake Discord (REST API and
// gateway websocket) on 127.0.0.1 for tests of bots built on discordgo.
package discordtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"
)

// Options configures a fake Discord. Zero values give sensible defaults.
type Options struct {
	Token     string // the valid bot token (without "Bot "); default "test-token"
	AppID     string // default "900000000000000001"
	BotID     string // default "900000000000000002"
	BotName   string // default "Shuttle"
	Heartbeat time.Duration
	// AllowPrivileged lets IDENTIFY request privileged intents (MESSAGE_CONTENT,
	// GUILD_MEMBERS, GUILD_PRESENCES); without it the gateway closes with 4014.
	AllowPrivileged bool
	// AckDeadline is how long after dispatch an interaction may be
	// acknowledged (Discord: 3 s).
	AckDeadline time.Duration
}

// Request is one REST call the fake received.
type Request struct {
	Method string
	Path   string // without the /api/v9 prefix, e.g. "/channels/1/messages"
	Query  string
	Header http.Header
	Body   []byte
	At     time.Time
	Status int // the status the fake answered
}

// JSON decodes the request body into v.
func (r Request) JSON(v any) error { return json.Unmarshal(r.Body, v) }

// Identify is what a client sent in an IDENTIFY (op 2).
type Identify struct {
	Token   string  `json:"token"`
	Intents int     `json:"intents"`
	Shard   *[2]int `json:"shard"`
}

type interactionState struct {
	dispatched time.Time
	acked      bool
	ackType    int
}

type rule struct {
	method, prefix string
	count          int // 429s left to send
	retryAfter     time.Duration
	delay          time.Duration
}

// Server is a fake Discord. Create it with New and Close it when done.
type Server struct {
	opts Options
	http *httptest.Server

	mu           sync.Mutex
	requests     []Request
	rules        []*rule
	conns        []*gatewayConn
	identifies   []Identify
	sessions     map[string]bool
	interactions map[string]*interactionState // by token
	rejectNext   int                          // close code for the next IDENTIFY/RESUME
	heartbeats   int
	nextID       int64
	changed      chan struct{} // closed and replaced on every recorded change
}

// Privileged gateway intents.
const (
	intentGuildMembers   = 1 << 1
	intentGuildPresences = 1 << 8
	intentMessageContent = 1 << 15
)

// New starts a fake Discord on a random 127.0.0.1 port.
func New(opts Options) *Server {
	if opts.Token == "" {
		opts.Token = "test-token"
	}
	if opts.AppID == "" {
		opts.AppID = "900000000000000001"
	}
	if opts.BotID == "" {
		opts.BotID = "900000000000000002"
	}
	if opts.BotName == "" {
		opts.BotName = "Shuttle"
	}
	if opts.Heartbeat <= 0 {
		opts.Heartbeat = 41250 * time.Millisecond
	}
	if opts.AckDeadline <= 0 {
		opts.AckDeadline = 3 * time.Second
	}
	s := &Server{
		opts:         opts,
		sessions:     map[string]bool{},
		interactions: map[string]*interactionState{},
		nextID:       1100000000000000000,
		changed:      make(chan struct{}),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/ws", s.serveGateway)
	mux.HandleFunc("/ws/", s.serveGateway) // discordgo appends a slash
	mux.HandleFunc("/api/v9/", s.serveREST)
	s.http = httptest.NewServer(mux)
	return s
}

// Close stops the server and drops gateway connections.
func (s *Server) Close() {
	s.mu.Lock()
	conns := s.conns
	s.conns = nil
	s.mu.Unlock()
	for _, c := range conns {
		c.ws.Close()
	}
	s.http.Close()
}

// APIURL is the REST base to give the bot (like https://discord.com/api/v9).
func (s *Server) APIURL() string { return s.http.URL + "/api/v9" }

// Token is the valid bot token.
func (s *Server) Token() string { return s.opts.Token }

// AppID is the application's ID (also sent in READY).
func (s *Server) AppID() string { return s.opts.AppID }

// BotID is the bot user's ID.
func (s *Server) BotID() string { return s.opts.BotID }

// NewID returns a fresh snowflake.
func (s *Server) NewID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newIDLocked()
}

func (s *Server) newIDLocked() string {
	s.nextID++
	return strconv.FormatInt(s.nextID, 10)
}

func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Requests returns every REST call so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Identifies returns every IDENTIFY received so far.
func (s *Server) Identifies() []Identify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Identify(nil), s.identifies...)
}

// WaitFor waits until a recorded request satisfies match, or timeout passes.
func (s *Server) WaitFor(timeout time.Duration, match func(Request) bool) (Request, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		for _, r := range s.requests {
			if match(r) {
				s.mu.Unlock()
				return r, nil
			}
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-deadline.C:
			return Request{}, fmt.Errorf("discordtest: no matching request within %v (%d requests recorded)", timeout, len(s.Requests()))
		}
	}
}

// Heartbeats counts the heartbeats (op 1) received and acknowledged.
func (s *Server) Heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.heartbeats
}

// WaitConnected waits until n gateway sessions have completed IDENTIFY.
func (s *Server) WaitConnected(n int, timeout time.Duration) error {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ready := 0
		for _, c := range s.conns {
			if c.ready {
				ready++
			}
		}
		ch := s.changed
		s.mu.Unlock()
		if ready >= n {
			return nil
		}
		select {
		case <-ch:
		case <-deadline.C:
			return fmt.Errorf("discordtest: %d of %d gateway sessions ready after %v", ready, n, timeout)
		}
	}
}

// RateLimit makes the next n requests whose method matches and whose path
// starts with prefix answer 429 with retry_after (JSON body, seconds) and a
// Retry-After header, as Discord does.
func (s *Server) RateLimit(method, prefix string, n int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rules = append(s.rules, &rule{method: method, prefix: prefix, count: n, retryAfter: retryAfter})
}

// Delay makes every matching request wait d before it is answered.
func (s *Server) Delay(method, prefix string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rules = append(s.rules, &rule{method: method, prefix: prefix, delay: d})
}

// RejectNextSession makes the next IDENTIFY or RESUME fail with close code
// (4004 authentication failed, 4014 disallowed intents…).
func (s *Server) RejectNextSession(code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejectNext = code
}

// ---- REST ----------------------------------------------------------------

var (
	reCallback   = regexp.MustCompile(`^/interactions/([^/]+)/([^/]+)/callback$`)
	reOriginal   = regexp.MustCompile(`^/webhooks/([^/]+)/([^/]+)/messages/@original$`)
	reFollowup   = regexp.MustCompile(`^/webhooks/([^/]+)/([^/]+)$`)
	reMessages   = regexp.MustCompile(`^/channels/([^/]+)/messages$`)
	reThread     = regexp.MustCompile(`^/channels/([^/]+)/messages/([^/]+)/threads$`)
	reGlobalCmds = regexp.MustCompile(`^/applications/([^/]+)/commands$`)
	reGuildCmds  = regexp.MustCompile(`^/applications/([^/]+)/guilds/([^/]+)/commands$`)
)

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	rec := Request{Method: r.Method, Path: strings.TrimPrefix(r.URL.Path, "/api/v9"), Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body, At: time.Now()}

	var delay time.Duration
	var limited *rule
	s.mu.Lock()
	for _, ru := range s.rules {
		if ru.method != r.Method || !strings.HasPrefix(rec.Path, ru.prefix) {
			continue
		}
		if ru.delay > 0 {
			delay += ru.delay
		}
		if ru.count > 0 && limited == nil {
			ru.count--
			limited = ru
		}
	}
	s.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
		}
	}
	status, resp := s.route(rec, limited)
	rec.Status = status
	s.mu.Lock()
	s.requests = append(s.requests, rec)
	s.notifyLocked()
	s.mu.Unlock()

	if limited != nil {
		w.Header().Set("Retry-After", strconv.Itoa(int(limited.retryAfter.Round(time.Second)/time.Second)))
		w.Header().Set("X-RateLimit-Scope", "user")
	}
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if limited != nil {
		fmt.Fprintf(w, `{"message":"You are being rate limited.","retry_after":%g,"global":false}`, limited.retryAfter.Seconds())
		return
	}
	_ = json.NewEncoder(w).Encode(resp)
}

func apiError(code int, msg string) map[string]any {
	return map[string]any{"code": code, "message": msg}
}

// route answers one REST request; it returns the status and JSON body.
func (s *Server) route(r Request, limited *rule) (int, any) {
	if limited != nil {
		return http.StatusTooManyRequests, nil
	}
	p := r.Path
	webhook := strings.HasPrefix(p, "/webhooks/") || strings.HasPrefix(p, "/interactions/")
	if !webhook {
		auth := r.Header.Get("Authorization")
		if strings.TrimPrefix(auth, "Bot ") != s.opts.Token || !strings.HasPrefix(auth, "Bot ") {
			return http.StatusUnauthorized, apiError(0, "401: Unauthorized")
		}
	}
	switch {
	case r.Method == http.MethodGet && p == "/gateway":
		return 200, map[string]any{"url": "ws" + strings.TrimPrefix(s.http.URL, "http") + "/ws"}
	case r.Method == http.MethodGet && p == "/gateway/bot":
		return 200, map[string]any{"url": "ws" + strings.TrimPrefix(s.http.URL, "http") + "/ws", "shards": 1,
			"session_start_limit": map[string]int{"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}}
	case r.Method == http.MethodGet && p == "/users/@me":
		return 200, s.botUser()
	case r.Method == http.MethodPut && (reGlobalCmds.MatchString(p) || reGuildCmds.MatchString(p)):
		return s.overwriteCommands(r)
	case r.Method == http.MethodPost && reCallback.MatchString(p):
		m := reCallback.FindStringSubmatch(p)
		return s.callback(m[2], r.Body)
	case r.Method == http.MethodPatch && reOriginal.MatchString(p):
		m := reOriginal.FindStringSubmatch(p)
		return s.editOriginal(m[1], m[2], r.Body)
	case r.Method == http.MethodPost && reFollowup.MatchString(p):
		m := reFollowup.FindStringSubmatch(p)
		return s.followup(m[1], m[2], r.Body)
	case r.Method == http.MethodPost && reMessages.MatchString(p):
		m := reMessages.FindStringSubmatch(p)
		return s.createMessage(m[1], r.Body)
	case r.Method == http.MethodPost && reThread.MatchString(p):
		m := reThread.FindStringSubmatch(p)
		return s.startThread(m[1], m[2], r.Body)
	}
	return http.StatusNotFound, apiError(0, "404: Not Found")
}

func (s *Server) botUser() map[string]any {
	return map[string]any{"id": s.opts.BotID, "username": s.opts.BotName, "discriminator": "0", "bot": true}
}

func (s *Server) overwriteCommands(r Request) (int, any) {
	var cmds []map[string]any
	if err := json.Unmarshal(r.Body, &cmds); err != nil {
		return 400, apiError(50109, "The request body contains invalid JSON.")
	}
	if m := reGlobalCmds.FindStringSubmatch(r.Path); m != nil && m[1] != s.opts.AppID {
		return 403, apiError(50001, "Missing Access")
	}
	if m := reGuildCmds.FindStringSubmatch(r.Path); m != nil && m[1] != s.opts.AppID {
		return 403, apiError(50001, "Missing Access")
	}
	for _, c := range cmds {
		name, _ := c["name"].(string)
		desc, _ := c["description"].(string)
		if !regexp.MustCompile(`^[-_\p{L}\p{N}]{1,32}$`).MatchString(name) || name != strings.ToLower(name) || desc == "" || utf8.RuneCountInString(desc) > 100 {
			return 400, apiError(50035, "Invalid Form Body")
		}
		s.mu.Lock()
		c["id"] = s.newIDLocked()
		s.mu.Unlock()
		c["application_id"] = s.opts.AppID
	}
	return 200, cmds
}

func (s *Server) callback(token string, body []byte) (int, any) {
	var resp struct {
		Type int             `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		return 400, apiError(50109, "The request body contains invalid JSON.")
	}
	s.mu.Lock()
	st := s.interactions[token]
	if st == nil || time.Since(st.dispatched) > s.opts.AckDeadline {
		s.mu.Unlock()
		return 404, apiError(10062, "Unknown interaction")
	}
	if st.acked {
		s.mu.Unlock()
		return 400, apiError(40060, "Interaction has already been acknowledged.")
	}
	st.acked, st.ackType = true, resp.Type
	s.mu.Unlock()
	switch resp.Type {
	case 4, 7:
		if len(resp.Data) > 0 {
			if err := checkMessage(resp.Data); err != nil {
				return 400, apiError(50035, "Invalid Form Body: "+err.Error())
			}
		}
	case 1, 5, 6, 8, 9:
	default:
		return 400, apiError(50035, "Invalid Form Body: bad interaction response type")
	}
	return http.StatusNoContent, nil
}

func (s *Server) editOriginal(app, token string, body []byte) (int, any) {
	s.mu.Lock()
	st := s.interactions[token]
	s.mu.Unlock()
	if app != s.opts.AppID || st == nil || !st.acked {
		return 404, apiError(10015, "Unknown Webhook")
	}
	if err := checkMessage(body); err != nil {
		return 400, apiError(50035, "Invalid Form Body: "+err.Error())
	}
	return 200, s.message("", body)
}

func (s *Server) followup(app, token string, body []byte) (int, any) {
	s.mu.Lock()
	st := s.interactions[token]
	s.mu.Unlock()
	if app != s.opts.AppID || st == nil || !st.acked {
		return 404, apiError(10015, "Unknown Webhook")
	}
	if err := checkMessage(body); err != nil {
		return 400, apiError(50035, "Invalid Form Body: "+err.Error())
	}
	return 200, s.message("", body)
}

func (s *Server) createMessage(channel string, body []byte) (int, any) {
	if err := checkMessage(body); err != nil {
		return 400, apiError(50035, "Invalid Form Body: "+err.Error())
	}
	return 200, s.message(channel, body)
}

func (s *Server) startThread(channel, msg string, body []byte) (int, any) {
	var req struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(body, &req); err != nil || req.Name == "" || utf8.RuneCountInString(req.Name) > 100 {
		return 400, apiError(50035, "Invalid Form Body: thread name must be 1-100 characters")
	}
	return 201, map[string]any{"id": msg, "type": 11, "parent_id": channel, "name": req.Name, "owner_id": s.opts.BotID}
}

// message turns a message body into the message object Discord returns.
func (s *Server) message(channel string, body []byte) map[string]any {
	m := map[string]any{}
	_ = json.Unmarshal(body, &m)
	m["id"] = s.NewID()
	if channel != "" {
		m["channel_id"] = channel
	}
	m["author"] = s.botUser()
	m["timestamp"] = time.Now().UTC().Format(time.RFC3339)
	delete(m, "allowed_mentions")
	delete(m, "message_reference")
	return m
}

// checkMessage enforces Discord's message limits on a JSON message body.
func checkMessage(body []byte) error {
	var m struct {
		Content         *string `json:"content"`
		AllowedMentions *struct {
			Parse []string `json:"parse"`
		} `json:"allowed_mentions"`
		Embeds []struct {
			Title       string `json:"title"`
			Description string `json:"description"`
			Footer      *struct {
				Text string `json:"text"`
			} `json:"footer"`
			Author *struct {
				Name string `json:"name"`
			} `json:"author"`
			Fields []struct {
				Name  string `json:"name"`
				Value string `json:"value"`
			} `json:"fields"`
		} `json:"embeds"`
	}
	if err := json.Unmarshal(body, &m); err != nil {
		return fmt.Errorf("invalid JSON: %v", err)
	}
	n := utf8.RuneCountInString
	if m.Content != nil && n(*m.Content) > 2000 {
		return errors.New("content: must be 2000 or fewer in length")
	}
	if len(m.Embeds) > 10 {
		return errors.New("embeds: must be 10 or fewer")
	}
	total := 0
	for i, e := range m.Embeds {
		if n(e.Title) > 256 {
			return fmt.Errorf("embeds.%d.title: must be 256 or fewer in length", i)
		}
		if n(e.Description) > 4096 {
			return fmt.Errorf("embeds.%d.description: must be 4096 or fewer in length", i)
		}
		if len(e.Fields) > 25 {
			return fmt.Errorf("embeds.%d.fields: must be 25 or fewer", i)
		}
		total += n(e.Title) + n(e.Description)
		if e.Footer != nil {
			if n(e.Footer.Text) > 2048 {
				return fmt.Errorf("embeds.%d.footer.text: must be 2048 or fewer in length", i)
			}
			total += n(e.Footer.Text)
		}
		if e.Author != nil {
			total += n(e.Author.Name)
		}
		for j, f := range e.Fields {
			if f.Name == "" || f.Value == "" {
				return fmt.Errorf("embeds.%d.fields.%d: name and value are required", i, j)
			}
			if n(f.Name) > 256 || n(f.Value) > 1024 {
				return fmt.Errorf("embeds.%d.fields.%d: name must be 256 or fewer, value 1024 or fewer in length", i, j)
			}
			total += n(f.Name) + n(f.Value)
		}
	}
	if total > 6000 {
		return fmt.Errorf("embeds: total size %d exceeds 6000", total)
	}
	return nil
}

// ---- gateway ---------------------------------------------------------------

type gatewayConn struct {
	ws      *websocket.Conn
	wmu     sync.Mutex
	seq     int64
	ready   bool
	session string
}

func (c *gatewayConn) send(op int, t string, d any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	frame := map[string]any{"op": op, "d": d}
	if op == 0 {
		c.seq++
		frame["s"] = c.seq
		frame["t"] = t
	}
	return c.ws.WriteJSON(frame)
}

func (c *gatewayConn) closeWith(code int, text string) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(time.Second))
	_ = c.ws.Close()
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gatewayConn{ws: ws}
	s.mu.Lock()
	s.conns = append(s.conns, c)
	s.mu.Unlock()
	defer s.drop(c)

	if err := c.send(10, "", map[string]any{"heartbeat_interval": s.opts.Heartbeat.Milliseconds()}); err != nil {
		return
	}
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			return
		}
		var frame struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if json.Unmarshal(data, &frame) != nil {
			c.closeWith(4002, "Decode error")
			return
		}
		switch frame.Op {
		case 1: // heartbeat
			s.mu.Lock()
			s.heartbeats++
			s.notifyLocked()
			s.mu.Unlock()
			if c.send(11, "", nil) != nil {
				return
			}
		case 2: // identify
			var id Identify
			if json.Unmarshal(frame.D, &id) != nil {
				c.closeWith(4002, "Decode error")
				return
			}
			if !s.identify(c, id) {
				return
			}
		case 6: // resume
			var res struct {
				Token     string `json:"token"`
				SessionID string `json:"session_id"`
			}
			_ = json.Unmarshal(frame.D, &res)
			if !s.resume(c, res.Token, res.SessionID) {
				return
			}
		default:
			c.closeWith(4001, "Unknown opcode")
			return
		}
	}
}

func (s *Server) drop(c *gatewayConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.conns {
		if x == c {
			s.conns = append(s.conns[:i], s.conns[i+1:]...)
			break
		}
	}
	s.notifyLocked()
}

func (s *Server) takeReject() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	code := s.rejectNext
	s.rejectNext = 0
	return code
}

func (s *Server) identify(c *gatewayConn, id Identify) bool {
	s.mu.Lock()
	s.identifies = append(s.identifies, id)
	s.mu.Unlock()
	if code := s.takeReject(); code != 0 {
		c.closeWith(code, "rejected")
		return false
	}
	if strings.TrimPrefix(id.Token, "Bot ") != s.opts.Token {
		c.closeWith(4004, "Authentication failed.")
		return false
	}
	if id.Intents&(intentGuildMembers|intentGuildPresences|intentMessageContent) != 0 && !s.opts.AllowPrivileged {
		c.closeWith(4014, "Disallowed intent(s).")
		return false
	}
	session := fmt.Sprintf("session-%s", s.NewID())
	ready := map[string]any{
		"v":                  10,
		"session_id":         session,
		"resume_gateway_url": "ws" + strings.TrimPrefix(s.http.URL, "http") + "/ws",
		"user":               s.botUser(),
		"application":        map[string]any{"id": s.opts.AppID, "flags": 0},
		"guilds":             []any{},
	}
	if id.Shard != nil {
		ready["shard"] = id.Shard[:]
	}
	if c.send(0, "READY", ready) != nil {
		return false
	}
	s.mu.Lock()
	c.ready, c.session = true, session
	s.sessions[session] = true
	s.notifyLocked()
	s.mu.Unlock()
	return true
}

func (s *Server) resume(c *gatewayConn, token, session string) bool {
	if code := s.takeReject(); code != 0 {
		c.closeWith(code, "rejected")
		return false
	}
	if strings.TrimPrefix(token, "Bot ") != s.opts.Token {
		c.closeWith(4004, "Authentication failed.")
		return false
	}
	s.mu.Lock()
	known := s.sessions[session]
	s.mu.Unlock()
	if !known {
		_ = c.send(9, "", false) // invalid session, not resumable
		return true
	}
	if c.send(0, "RESUMED", map[string]any{}) != nil {
		return false
	}
	s.mu.Lock()
	c.ready, c.session = true, session
	s.notifyLocked()
	s.mu.Unlock()
	return true
}

// Dispatch sends a gateway event (op 0) to every ready session and returns
// how many received it.
func (s *Server) Dispatch(event string, data any) (int, error) {
	s.mu.Lock()
	var conns []*gatewayConn
	for _, c := range s.conns {
		if c.ready {
			conns = append(conns, c)
		}
	}
	s.mu.Unlock()
	if len(conns) == 0 {
		return 0, errors.New("discordtest: no ready gateway session")
	}
	n := 0
	var errs []error
	for _, c := range conns {
		if err := c.send(0, event, data); err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}

// CloseSessions closes every gateway connection with code, as Discord does
// when it drops a session.
func (s *Server) CloseSessions(code int) {
	s.mu.Lock()
	conns := append([]*gatewayConn(nil), s.conns...)
	for _, c := range conns {
		c.ready = false
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.closeWith(code, "closed by test")
	}
}

// Interaction is an INTERACTION_CREATE payload under construction.
type Interaction map[string]any

// SlashCommand builds an application command interaction from userID in
// channelID, with options given as name/value pairs (string, bool or
// number values). The interaction is registered so its token is accepted.
func (s *Server) SlashCommand(name, userID, channelID string, opts ...any) Interaction {
	var options []map[string]any
	for i := 0; i+1 < len(opts); i += 2 {
		o := map[string]any{"name": opts[i], "value": opts[i+1]}
		switch opts[i+1].(type) {
		case bool:
			o["type"] = 5
		case int, float64:
			o["type"] = 4
		default:
			o["type"] = 3
		}
		options = append(options, o)
	}
	return s.interaction(2, userID, channelID, map[string]any{"id": s.NewID(), "name": name, "type": 1, "options": options})
}

// Component builds a button click (message component interaction).
func (s *Server) Component(customID, userID, channelID string) Interaction {
	return s.interaction(3, userID, channelID, map[string]any{"custom_id": customID, "component_type": 2})
}

func (s *Server) interaction(typ int, userID, channelID string, data map[string]any) Interaction {
	id := s.NewID()
	token := "itoken-" + id
	return Interaction{
		"id": id, "application_id": s.opts.AppID, "type": typ, "token": token, "version": 1,
		"guild_id": "800000000000000001", "channel_id": channelID,
		"member":          map[string]any{"user": map[string]any{"id": userID, "username": "user" + userID}, "roles": []string{}, "permissions": "2248473465835073"},
		"app_permissions": "2248473465835073",
		"data":            data,
	}
}

// Token returns the interaction token.
func (i Interaction) Token() string { s, _ := i["token"].(string); return s }

// ID returns the interaction ID.
func (i Interaction) ID() string { s, _ := i["id"].(string); return s }

// SendInteraction registers i's token and dispatches INTERACTION_CREATE.
func (s *Server) SendInteraction(i Interaction) error {
	s.TrackInteraction(i.Token())
	_, err := s.Dispatch("INTERACTION_CREATE", map[string]any(i))
	return err
}

// TrackInteraction registers an interaction token as freshly dispatched
// (for interactions delivered over HTTP rather than the gateway).
func (s *Server) TrackInteraction(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.interactions[token] = &interactionState{dispatched: time.Now()}
}

// Acknowledge records that an interaction was answered in the HTTP reply
// of an interactions endpoint, as Discord would, so edits and follow-ups
// through the REST API are accepted.
func (s *Server) Acknowledge(token string, responseType int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.interactions[token]
	if st == nil {
		st = &interactionState{dispatched: time.Now()}
		s.interactions[token] = st
	}
	st.acked, st.ackType = true, responseType
}

// Message builds a MESSAGE_CREATE payload from authorID in channelID. When
// mentionBot is true the content starts with the bot's mention and the
// mentions list carries the bot, as Discord sends it.
func (s *Server) Message(channelID, authorID, content string, mentionBot bool) map[string]any {
	m := map[string]any{
		"id": s.NewID(), "channel_id": channelID, "guild_id": "800000000000000001",
		"author":    map[string]any{"id": authorID, "username": "user" + authorID},
		"content":   content,
		"timestamp": time.Now().UTC().Format(time.RFC3339),
		"mentions":  []any{},
		"type":      0,
	}
	if mentionBot {
		m["content"] = "<@" + s.opts.BotID + "> " + content
		m["mentions"] = []any{s.botUser()}
	}
	return m
}

// SendMessage dispatches MESSAGE_CREATE.
func (s *Server) SendMessage(m map[string]any) error {
	_, err := s.Dispatch("MESSAGE_CREATE", m)
	return err
}
